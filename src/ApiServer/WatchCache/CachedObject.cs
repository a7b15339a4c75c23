namespace Cluster.ApiServer.WatchCache;

/// <summary>
/// One version of an object as the cache keeps it: its JSON with the resourceVersion stamped in (sent as is to
/// every client), and what selectors look at, extracted once, and whether it carries a deletionTimestamp.
/// Immutable and shared by every reader.
/// </summary>
public sealed record CachedObject(
    string Key,
    string Namespace,
    string Name,
    long ResourceVersion,
    byte[] Json,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Fields,
    bool Deleting = false);
