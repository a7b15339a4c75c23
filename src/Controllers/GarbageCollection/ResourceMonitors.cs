using System.Collections.Concurrent;
using Cluster.Api;
using Cluster.Runtime;
using Cluster.Runtime.Client;
using Cluster.Runtime.Informers;
using Microsoft.Extensions.Logging;

namespace Cluster.Controllers.GarbageCollection;

/// <summary>
/// The garbage collector's view of the cluster: one informer per resource that can be listed, watched and deleted
/// (upstream's monitors), in its group's preferred version, caching only metadata, indexed by owner uid and by uid.
/// <see cref="Sync"/> starts monitors for resources discovery finds and stops those of resources no longer served (a
/// deleted CRD); a resource of a group whose discovery failed keeps its monitor. Every monitor's events go to one
/// handler, in each object's order of changes. Lookups are thread-safe; <see cref="Sync"/> has one caller at a time.
/// </summary>
public sealed class ResourceMonitors(ClusterClient client, TimeProvider time, ILogger log, Action<KindInfo, InformerEvent<DynamicObject>> onEvent) : IAsyncDisposable
{
    public const string UidIndex = "uid";

    // Events are not owners or dependents worth following, and are the most numerous objects (upstream ignores them too).
    private static readonly HashSet<(string Group, string Plural)> Ignored = [("", "events"), ("events.k8s.io", "events")];

    private static readonly InformerOptions<DynamicObject> CacheOptions = new()
    {
        Transform = static o => o, // the codec reads nothing else (MetadataOnlyCodec)
        Indexers = new Dictionary<string, Func<DynamicObject, IEnumerable<string>>> { [UidIndex] = o => o.Metadata?.Uid is { Length: > 0 } uid ? [uid] : [] },
    };

    private readonly ConcurrentDictionary<GroupKind, Monitor> _monitors = new();

    /// <summary>The resources followed now.</summary>
    public IReadOnlyList<KindInfo> Kinds => [.. _monitors.Values.Select(m => m.Kind)];

    /// <summary>True when the garbage collector follows <paramref name="resource"/>: it can list, watch and delete it, and it is not an event.</summary>
    public static bool Follows(ServedResource resource) =>
        resource.SupportsAll("list", "watch", "delete") && !Ignored.Contains((resource.Kind.Group, resource.Kind.Plural!));

    /// <summary>The served kind of <paramref name="kind"/>, or null when no monitor follows it.</summary>
    public KindInfo? KindOf(GroupKind kind) => _monitors.TryGetValue(kind, out var m) ? m.Kind : null;

    public DynamicObject? Get(GroupKind kind, ObjectKey key) => _monitors.TryGetValue(kind, out var m) ? m.Informer.Cache.Get(key) : null;

    /// <summary>Every cached object with an ownerReference to <paramref name="ownerUid"/>, of any kind.</summary>
    public IReadOnlyList<(GraphItem Item, DynamicObject Object)> DependentsOf(string? ownerUid)
    {
        if (string.IsNullOrEmpty(ownerUid)) return [];
        var dependents = new List<(GraphItem, DynamicObject)>();
        foreach (var (kind, monitor) in _monitors)
            foreach (var dependent in monitor.Informer.Cache.ByIndex(ObjectCache<DynamicObject>.OwnerIndex, ownerUid))
                dependents.Add((new GraphItem(kind, ObjectKey.Of(dependent)), dependent));
        return dependents;
    }

    /// <summary>The cached object with this uid, in whatever namespace, or null.</summary>
    public (GraphItem Item, DynamicObject Object)? FindByUid(string? uid)
    {
        if (string.IsNullOrEmpty(uid)) return null;
        foreach (var (kind, monitor) in _monitors)
            if (monitor.Informer.Cache.ByIndex(UidIndex, uid) is [var found, ..]) return (new GraphItem(kind, ObjectKey.Of(found)), found);
        return null;
    }

    /// <summary>Follows what <paramref name="discovered"/> lists and no more; returns the kinds started and stopped.</summary>
    public (IReadOnlyList<KindInfo> Started, IReadOnlyList<KindInfo> Stopped) Sync(DiscoveredResources discovered)
    {
        var wanted = new Dictionary<GroupKind, KindInfo>();
        foreach (var r in discovered.Resources.Where(Follows)) wanted.TryAdd(GroupKind.Of(r.Kind), r.Kind);
        var started = new List<KindInfo>();
        var stopped = new List<KindInfo>();
        foreach (var (kind, monitor) in _monitors)
        {
            var gone = !wanted.TryGetValue(kind, out var now) && !discovered.GroupFailed(kind.Group);
            var moved = now is not null && now != monitor.Kind; // e.g. a CRD's preferred version changed
            if ((gone || moved) && _monitors.TryRemove(kind, out var removed))
            {
                removed.Stop();
                stopped.Add(removed.Kind);
            }
        }
        foreach (var (kind, info) in wanted)
        {
            if (_monitors.ContainsKey(kind)) continue;
            var monitor = new Monitor(info, new Informer<DynamicObject>(client.Dynamic(info).WithCodec(new MetadataOnlyCodec(info)), CacheOptions, time, log));
            _monitors[kind] = monitor;
            monitor.Start(onEvent);
            started.Add(info);
        }
        return (started, stopped);
    }

    public async ValueTask DisposeAsync()
    {
        var all = _monitors.Values.ToList();
        _monitors.Clear();
        foreach (var monitor in all) monitor.Stop();
        await Task.WhenAll(all.Select(m => m.Stopped));
    }

    private sealed class Monitor(KindInfo kind, Informer<DynamicObject> informer) : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private Task _running = Task.CompletedTask;

        public KindInfo Kind => kind;

        public Informer<DynamicObject> Informer => informer;

        public Task Stopped => _running;

        public void Start(Action<KindInfo, InformerEvent<DynamicObject>> onEvent)
        {
            var ct = _stop.Token;
            var events = Task.Run(async () =>
            {
                try
                {
                    await foreach (var e in informer.Events(ct)) onEvent(kind, e);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                }
            }, CancellationToken.None);
            _running = Task.WhenAll(Task.Run(() => informer.RunAsync(ct), CancellationToken.None), events);
        }

        /// <summary>Stops the informer and its event pump; <see cref="Stopped"/> completes when both have, and then it is disposed.</summary>
        public void Stop()
        {
            _stop.Cancel();
            _running = _running.ContinueWith(_ => Dispose(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }

        public void Dispose() => _stop.Dispose();
    }
}
