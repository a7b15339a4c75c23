namespace Cluster.Store;

/// <summary>A lease's granted TTL, the seconds it has left, and (if asked for) its keys.</summary>
public sealed record LeaseInfo(long Id, long GrantedTtlSeconds, long RemainingTtlSeconds, IReadOnlyList<ReadOnlyMemory<byte>> Keys);
