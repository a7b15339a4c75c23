namespace Cluster.ApiServer.WatchCache;

/// <summary>
/// A change in the cache. <see cref="Object"/> is the new state; for a deletion it is the last state, stamped with
/// the deleting revision. <see cref="Previous"/> is the state before (null for Added), so a watcher can tell an
/// object that left its selector (a DELETED for it) from one that entered it (an ADDED).
/// </summary>
public sealed record CachedEvent(CachedEventType Type, long Revision, CachedObject Object, CachedObject? Previous);
