using System.Collections.Concurrent;
using System.Globalization;
using Cluster.Api.Core.V1;
using Cluster.Runtime;

namespace Cluster.Controllers.Common;

/// <summary>
/// A controller's pod creations and deletions that its cache has not observed yet (upstream's "expectations"). Until
/// they settle, a controller must not act on the cached pod count again, or it would create or delete twice. A write
/// settles when the cache shows it, when the pod informer has seen a resourceVersion at or past the write's (so the
/// pod came and went meanwhile), or after <see cref="Timeout"/> as upstream's expectations do.
/// </summary>
public sealed class PendingPodWrites(TimeProvider time)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<ObjectKey, Writes> _byOwner = new();

    public void Created(ObjectKey owner, Pod pod) =>
        Of(owner).Add(new Write(pod.Metadata?.Name ?? "", pod.Metadata?.Uid, Version(pod.Metadata?.ResourceVersion), Creation: true, time.GetUtcNow()));

    /// <summary>A delete request succeeded; <paramref name="marked"/> is the pod the server returned while its deletion is graceful.</summary>
    public void Deleted(ObjectKey owner, Pod pod, Pod? marked) =>
        Of(owner).Add(new Write(pod.Metadata?.Name ?? "", pod.Metadata?.Uid, Version(marked?.Metadata?.ResourceVersion), Creation: false, time.GetUtcNow()));

    /// <summary>True when every write for <paramref name="owner"/> shows in the cache (settled writes are forgotten).</summary>
    public bool Settled(ObjectKey owner, string ns, Func<ObjectKey, Pod?> cached, string observedResourceVersion)
    {
        if (!_byOwner.TryGetValue(owner, out var writes)) return true;
        var observed = Version(observedResourceVersion);
        var now = time.GetUtcNow();
        return writes.RemoveSettled(w =>
        {
            if (now - w.At > Timeout || (w.ResourceVersion > 0 && observed >= w.ResourceVersion)) return true;
            var pod = cached(new ObjectKey(ns, w.Name));
            return w.Creation
                ? pod is not null
                : pod is null || pod.Metadata?.Uid != w.Uid || pod.Metadata?.DeletionTimestamp is not null;
        });
    }

    public void Forget(ObjectKey owner) => _byOwner.TryRemove(owner, out _);

    private Writes Of(ObjectKey owner) => _byOwner.GetOrAdd(owner, _ => new Writes());

    private static long Version(string? resourceVersion) =>
        long.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;

    private sealed record Write(string Name, string? Uid, long ResourceVersion, bool Creation, DateTimeOffset At);

    private sealed class Writes
    {
        private readonly Lock _lock = new();
        private readonly List<Write> _writes = [];

        public void Add(Write write)
        {
            lock (_lock) _writes.Add(write);
        }

        public bool RemoveSettled(Func<Write, bool> settled)
        {
            lock (_lock)
            {
                _writes.RemoveAll(w => settled(w));
                return _writes.Count == 0;
            }
        }
    }
}
