using Cluster.Store.Embedded.Leases;

namespace Cluster.Store.Embedded.Mvcc;

/// <summary>
/// What the write loop changed in memory for writes that are not durable yet, so a failed txn or a failed log
/// write can be taken back before anyone sees it. Owned by the write loop.
/// </summary>
internal sealed class UndoLog
{
    public List<UndoEntry> Entries { get; } = [];
}

/// <summary>One change to take back: a version appended to <see cref="History"/> (and lease moves), or a lease granted/revoked.</summary>
internal readonly record struct UndoEntry(KeyHistory? History, bool AddedKey, long OldLease, long NewLease, long GrantedLease, Lease? RevokedLease);
