namespace Cluster.Store.Errors;

/// <summary>A read or watch asked for a revision older than the compacted one.</summary>
public sealed class CompactedException(long compactRevision)
    : StoreException(compactRevision > 0
        ? $"required revision has been compacted (compacted revision {compactRevision})"
        : "required revision has been compacted")
{
    /// <summary>
    /// The compacted revision: the oldest one still available. Always known for watches; 0 for a range on etcd,
    /// which does not report it there.
    /// </summary>
    public long CompactRevision { get; } = compactRevision;
}
