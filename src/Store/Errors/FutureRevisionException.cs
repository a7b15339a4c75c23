namespace Cluster.Store.Errors;

/// <summary>A read or compaction asked for a revision the store has not reached.</summary>
public sealed class FutureRevisionException(long requested, long current)
    : StoreException($"required revision {requested} is a future revision (current revision {current})")
{
    public long Requested { get; } = requested;
    public long Current { get; } = current;
}
