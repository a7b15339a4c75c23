using System.Collections.Concurrent;
using System.Globalization;
using Cluster.Api.Discovery.V1;
using Cluster.Runtime;

namespace Cluster.Controllers.EndpointSlices;

/// <summary>
/// The slice writes of each service that the cache has not shown yet (upstream's endpointSliceTracker). Planning from
/// a cache that lacks a slice just created would create its endpoints twice, so a service waits until every write
/// shows: a created or updated slice at or past the written resourceVersion, a deleted one gone; or until the slice
/// informer has seen a resourceVersion past the write (the slice came and went meanwhile), or a minute passed.
/// </summary>
public sealed class SliceWrites(TimeProvider time)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<ObjectKey, ConcurrentDictionary<string, Write>> _byService = new();

    public void Written(ObjectKey service, EndpointSlice stored) =>
        Of(service)[stored.Metadata?.Name ?? ""] = new Write(Version(stored.Metadata?.ResourceVersion), Deleted: false, time.GetUtcNow());

    public void Deleted(ObjectKey service, EndpointSlice slice) =>
        Of(service)[slice.Metadata?.Name ?? ""] = new Write(Version(slice.Metadata?.ResourceVersion), Deleted: true, time.GetUtcNow());

    /// <summary>True when the cached slices show every write for <paramref name="service"/> (settled writes are forgotten).</summary>
    public bool Settled(ObjectKey service, IReadOnlyList<EndpointSlice> cached, string observedResourceVersion)
    {
        if (!_byService.TryGetValue(service, out var writes)) return true;
        var observed = Version(observedResourceVersion);
        var now = time.GetUtcNow();
        foreach (var (name, write) in writes)
        {
            var slice = cached.FirstOrDefault(s => s.Metadata?.Name == name);
            var shows = write.Deleted ? slice is null : slice is not null && Version(slice.Metadata?.ResourceVersion) >= write.ResourceVersion;
            if (shows || now - write.At > Timeout || (!write.Deleted && observed > write.ResourceVersion)) writes.TryRemove(name, out _);
        }
        return writes.IsEmpty;
    }

    public void Forget(ObjectKey service) => _byService.TryRemove(service, out _);

    private ConcurrentDictionary<string, Write> Of(ObjectKey service) => _byService.GetOrAdd(service, _ => new(StringComparer.Ordinal));

    private static long Version(string? resourceVersion) =>
        long.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;

    private sealed record Write(long ResourceVersion, bool Deleted, DateTimeOffset At);
}
