using Cluster.Api;
using Cluster.Api.Meta.V1;

namespace Cluster.Controllers.GarbageCollection;

/// <summary>A kind regardless of version: how the garbage collector names resources, as ownerReferences may carry any served version.</summary>
public readonly record struct GroupKind(string Group, string Kind)
{
    public static GroupKind Of(KindInfo kind) => new(kind.Group, kind.Kind);

    public static GroupKind Of(OwnerReference reference)
    {
        var apiVersion = reference.ApiVersion ?? "";
        var slash = apiVersion.IndexOf('/');
        return new(slash >= 0 ? apiVersion[..slash] : "", reference.Kind ?? "");
    }

    public override string ToString() => Group.Length == 0 ? Kind : $"{Kind}.{Group}";
}
