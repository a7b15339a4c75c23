namespace Cluster.Runtime;

/// <summary>
/// The name of one object: its namespace (empty for cluster-scoped kinds) and name. The work queue, the cache and the
/// reconcilers all speak in keys, never in objects, so a reconcile always reads the newest state.
/// </summary>
public readonly record struct ObjectKey(string Namespace, string Name)
{
    /// <summary>A key of a cluster-scoped object.</summary>
    public static ObjectKey Cluster(string name) => new("", name);

    /// <summary>The key of an object from its metadata (namespace empty when absent).</summary>
    public static ObjectKey Of(Api.IKubernetesObject obj) =>
        new(obj.Metadata?.Namespace ?? "", obj.Metadata?.Name ?? throw new ArgumentException("the object has no metadata.name", nameof(obj)));

    /// <summary>True when the key names a cluster-scoped object.</summary>
    public bool IsClusterScoped => Namespace.Length == 0;

    /// <summary><c>namespace/name</c>, or just <c>name</c> for cluster-scoped objects, as client-go's MetaNamespaceKeyFunc.</summary>
    public override string ToString() => Namespace.Length == 0 ? Name : Namespace + "/" + Name;
}
