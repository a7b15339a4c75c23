using System.Collections.Concurrent;
using Cluster.ApiServer.Registry;
using Cluster.ApiServer.Storage;
using Microsoft.Extensions.Logging;

namespace Cluster.ApiServer.WatchCache;

/// <summary>The watch caches of a server, one per stored resource, each started on first use.</summary>
public sealed class WatchCacheSet(ObjectStorage storage, ILoggerFactory loggers, int capacity = 50_000) : IAsyncDisposable
{
    // Keyed by what the cache's contents depend on, so a custom resource's definition can change (columns, validation)
    // without a second cache, but not its storage version or read defaults (CustomResourceVersion.CacheIdentity).
    private readonly ConcurrentDictionary<(string, string, string, string, bool, string), Lazy<ResourceWatchCache>> _caches = new();
    private readonly ILogger _logger = loggers.CreateLogger("Cluster.ApiServer.WatchCache");

    /// <summary>The resource's cache, loaded.</summary>
    public async Task<ResourceWatchCache> GetAsync(ResourceDefinition resource, CancellationToken ct)
    {
        var cache = _caches.GetOrAdd(Key(resource), _ => new Lazy<ResourceWatchCache>(() =>
        {
            var c = new ResourceWatchCache(resource, storage, _logger, capacity);
            c.Start();
            return c;
        })).Value;
        await cache.ReadyAsync(ct);
        return cache;
    }

    /// <summary>
    /// Stops the caches of custom resources that <paramref name="registry"/> no longer serves as they were cached (a
    /// deleted CRD, a new storage version or new defaults); their watchers end, and clients re-watch or get 404.
    /// A cache started for a superseded definition after this call is retired by the next one.
    /// </summary>
    public async Task RetireAsync(ResourceRegistry registry)
    {
        var current = registry.All.Where(r => r.IsCustom).Select(Key).ToHashSet();
        foreach (var (key, cache) in _caches)
        {
            if (key.Item6.Length == 0 || current.Contains(key) || !_caches.TryRemove(key, out _)) continue;
            if (cache.IsValueCreated) await cache.Value.DisposeAsync();
        }
    }

    private static (string, string, string, string, bool, string) Key(ResourceDefinition r) =>
        (r.Group, r.Version, r.Plural, r.StorageResource, r.Namespaced, r.Custom?.CacheIdentity ?? "");

    /// <summary>The object count of every cache started and loaded so far (for metrics); others are left out.</summary>
    public IEnumerable<(ResourceDefinition Resource, int Count)> ObjectCounts()
    {
        foreach (var (_, cache) in _caches)
        {
            if (cache.IsValueCreated && cache.Value.ObjectCount is var count and >= 0) yield return (cache.Value.Resource, count);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var cache in _caches.Values)
        {
            if (cache.IsValueCreated) await cache.Value.DisposeAsync();
        }
    }
}
