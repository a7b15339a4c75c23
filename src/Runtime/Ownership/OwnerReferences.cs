using Cluster.Api;
using Cluster.Api.Meta.V1;

namespace Cluster.Runtime.Ownership;

/// <summary>
/// ownerReferences helpers, as controller-runtime's controllerutil: make a child controlled by its owner (so the
/// garbage collector deletes it with the owner and <c>Owns&lt;T&gt;()</c> wakes the owner), and ask who controls what.
/// </summary>
public static class OwnerReferences
{
    /// <summary>A reference to <paramref name="owner"/> with controller=true and blockOwnerDeletion=true.</summary>
    public static OwnerReference ControllerReference<TOwner>(TOwner owner) where TOwner : IKind<TOwner>, IKubernetesObject => new()
    {
        ApiVersion = TOwner.Info.ApiVersion,
        Kind = TOwner.Info.Kind,
        Name = owner.Metadata?.Name ?? throw new ArgumentException("the owner has no name", nameof(owner)),
        Uid = owner.Metadata.Uid ?? throw new ArgumentException("the owner has no uid (read it from the server first)", nameof(owner)),
        Controller = true,
        BlockOwnerDeletion = true,
    };

    /// <summary>
    /// The child with <paramref name="owner"/> as its controller. An existing reference to the same owner is replaced;
    /// another controller is refused, as are owners a child may not have (namespaced owner of a cluster-scoped child,
    /// or an owner in another namespace).
    /// </summary>
    /// <exception cref="InvalidOperationException">The child is controlled by someone else, or the owner cannot own it.</exception>
    public static TChild SetController<TChild, TOwner>(TChild child, TOwner owner)
        where TChild : IKubernetesObject<TChild>
        where TOwner : IKind<TOwner>, IKubernetesObject
    {
        var reference = ControllerReference(owner);
        var childNamespace = child.Metadata?.Namespace ?? "";
        if (TOwner.Info.Namespaced)
        {
            if (childNamespace.Length == 0) throw new InvalidOperationException($"a cluster-scoped object cannot be owned by the namespaced {TOwner.Info.Kind} {owner.Metadata?.Name}");
            if (owner.Metadata?.Namespace != childNamespace) throw new InvalidOperationException($"cross-namespace owner references are not allowed: {owner.Metadata?.Namespace} vs {childNamespace}");
        }
        var references = child.Metadata?.OwnerReferences?.ToList() ?? [];
        if (references.FirstOrDefault(r => r.Controller == true && r.Uid != reference.Uid) is { } other)
            throw new InvalidOperationException($"{child.Metadata?.Name} is already controlled by {other.Kind} {other.Name}");
        references.RemoveAll(r => r.Uid == reference.Uid);
        references.Add(reference);
        return child.WithMetadata((child.Metadata ?? new ObjectMeta()) with { OwnerReferences = references });
    }

    /// <summary>The controlling owner reference, or null.</summary>
    public static OwnerReference? ControllerOf(IKubernetesObject obj) => obj.Metadata?.OwnerReferences?.FirstOrDefault(r => r.Controller == true);

    public static bool IsControlledBy(IKubernetesObject obj, IKubernetesObject owner) =>
        ControllerOf(obj)?.Uid is { } uid && uid == owner.Metadata?.Uid;
}
