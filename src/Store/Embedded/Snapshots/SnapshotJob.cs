namespace Cluster.Store.Embedded.Snapshots;

/// <summary>
/// What a snapshot must capture: the state after record <see cref="Lsn"/>, which is revision <see cref="Revision"/>
/// with history kept from <see cref="CompactRevision"/>, and the leases granted at that point.
/// </summary>
internal sealed record SnapshotJob(long Lsn, long Revision, long CompactRevision, IReadOnlyList<(long Id, long Ttl)> Leases);
