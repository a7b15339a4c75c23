using System.Collections.Concurrent;
using Cluster.ApiServer.Registry;
using Cluster.ApiServer.Storage;
using Microsoft.Extensions.Logging;

namespace Cluster.ApiServer.WatchCache;

/// <summary>The watch caches of a server, one per stored resource, each started on first use.</summary>
public sealed class WatchCacheSet(ObjectStorage storage, ILoggerFactory loggers, int capacity = 50_000) : IAsyncDisposable
{
    // Keyed by what the cache's contents depend on, so a custom resource's definition can change (columns, schema) without a second cache.
    private readonly ConcurrentDictionary<(string, string, string, string, bool), Lazy<ResourceWatchCache>> _caches = new();
    private readonly ILogger _logger = loggers.CreateLogger("Cluster.ApiServer.WatchCache");

    /// <summary>The resource's cache, loaded.</summary>
    public async Task<ResourceWatchCache> GetAsync(ResourceDefinition resource, CancellationToken ct)
    {
        var cache = _caches.GetOrAdd((resource.Group, resource.Version, resource.Plural, resource.StorageResource, resource.Namespaced), _ => new Lazy<ResourceWatchCache>(() =>
        {
            var c = new ResourceWatchCache(resource, storage, _logger, capacity);
            c.Start();
            return c;
        })).Value;
        await cache.ReadyAsync(ct);
        return cache;
    }

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
