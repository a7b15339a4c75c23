namespace Cluster.Store;

/// <summary>A granted lease and the TTL it was granted with (the store may round a TTL up).</summary>
public sealed record LeaseGrant(long Id, long TtlSeconds);
