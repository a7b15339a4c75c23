using System.Collections.Immutable;

namespace Cluster.ApiServer.WatchCache;

/// <summary>
/// A published, immutable view of a resource's cache: every object as of <see cref="Revision"/>, and where in
/// <see cref="Ring"/> the events after it will appear. A new ring means the cache was rebuilt: watchers on the
/// old one must end.
/// </summary>
public sealed record CacheState(
    ImmutableSortedDictionary<string, CachedObject> Objects,
    long Revision,
    long NextSequence,
    EventRing Ring);
