namespace Cluster.Store.Embedded.Log;

/// <summary>What one log item does when replayed.</summary>
internal enum LogItemType : byte
{
    Put = 1,
    Delete = 2,
    LeaseGrant = 3,
    LeaseRevoke = 4,
    Compact = 5,
}

/// <summary>
/// One resolved effect of a write: the log stores effects, not requests, so replay needs no compares.
/// Put: <see cref="Key"/>, <see cref="Value"/>, lease in <see cref="A"/>. Delete: <see cref="Key"/>.
/// LeaseGrant: id in <see cref="A"/>, TTL seconds in <see cref="B"/>. LeaseRevoke: id in <see cref="A"/>.
/// Compact: revision in <see cref="A"/>.
/// </summary>
internal readonly record struct LogItem(LogItemType Type, ReadOnlyMemory<byte> Key, ReadOnlyMemory<byte> Value, long A, long B)
{
    public static LogItem Put(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> value, long lease) => new(LogItemType.Put, key, value, lease, 0);
    public static LogItem Delete(ReadOnlyMemory<byte> key) => new(LogItemType.Delete, key, default, 0, 0);
    public static LogItem LeaseGrant(long id, long ttl) => new(LogItemType.LeaseGrant, default, default, id, ttl);
    public static LogItem LeaseRevoke(long id) => new(LogItemType.LeaseRevoke, default, default, id, 0);
    public static LogItem Compact(long revision) => new(LogItemType.Compact, default, default, revision, 0);
}
