using Cluster.Store.Embedded.Mvcc;

namespace Cluster.Store.Embedded.Leases;

/// <summary>A granted lease, the keys attached to it, and when it expires. Guarded by the <see cref="LeaseTable"/> lock.</summary>
internal sealed class Lease(long id, long ttlSeconds, long deadlineTimestamp)
{
    public long Id { get; } = id;
    public long TtlSeconds { get; } = ttlSeconds;

    /// <summary>When it expires, as a <see cref="TimeProvider"/> timestamp. Not durable: restart renews it.</summary>
    public long Deadline { get; set; } = deadlineTimestamp;

    public HashSet<KeyHistory> Keys { get; } = new(ReferenceEqualityComparer.Instance);
}
