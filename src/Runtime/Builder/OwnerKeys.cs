using Cluster.Api;
using Cluster.Runtime.Informers;

namespace Cluster.Runtime.Builder;

/// <summary>Maps a child's event to the key of its controlling owner of a given kind (old and new owner both).</summary>
internal static class OwnerKeys
{
    public static Func<InformerEvent<TChild>, IEnumerable<ObjectKey>> Of<TChild>(KindInfo owner) where TChild : class, IKubernetesObject =>
        e =>
        {
            var keys = new List<ObjectKey>(1);
            Add(e.Object, owner, keys);
            if (e.Old is { } old && !ReferenceEquals(old, e.Object)) Add(old, owner, keys);
            return keys;
        };

    private static void Add(IKubernetesObject child, KindInfo owner, List<ObjectKey> keys)
    {
        if (child.Metadata?.OwnerReferences is not { } refs) return;
        foreach (var reference in refs)
        {
            if (reference.Controller != true || reference.Kind != owner.Kind || reference.Name is null) continue;
            if (GroupOf(reference.ApiVersion) != owner.Group) continue;
            var key = new ObjectKey(owner.Namespaced ? child.Metadata.Namespace ?? "" : "", reference.Name);
            if (!keys.Contains(key)) keys.Add(key);
        }
    }

    private static string GroupOf(string? apiVersion) =>
        apiVersion is null ? "" : apiVersion.IndexOf('/') is var slash and >= 0 ? apiVersion[..slash] : "";
}
