using System.Text.Json;
using System.Threading.Channels;
using Cluster.Api;
using Cluster.Api.Meta.V1;
using Cluster.Controllers.Common;
using Cluster.Runtime;
using Cluster.Runtime.Client;
using Cluster.Runtime.Client.Errors;
using Cluster.Runtime.Controllers;
using Cluster.Runtime.Events;
using Cluster.Runtime.Informers;
using Cluster.Runtime.Queue;
using Microsoft.Extensions.Logging;

namespace Cluster.Controllers.GarbageCollection;

/// <summary>
/// Upstream's garbage collector over the ownerReferences graph of every resource the API serves that can be listed,
/// watched and deleted (rediscovered every <see cref="Rediscovery"/> and whenever a CRD changes, so custom resources
/// join and leave): dependents whose owners are all gone are deleted (Background unless their own finalizers say
/// otherwise), and a dependent with a live owner only loses its references to gone ones; an owner deleted with
/// Foreground propagation (finalizer <c>foregroundDeletion</c>) has its dependents deleted and goes once none with
/// blockOwnerDeletion remains; one deleted with Orphan propagation (finalizer <c>orphan</c>) has its references
/// removed from its dependents, which live on. An owner absent from the cache is confirmed gone by a live read before
/// anything is deleted, and every write is guarded by the uid (and version) it was decided on.
/// </summary>
public sealed partial class GarbageCollector : IController, IDisposable
{
    public const string ControllerName = "garbagecollector";
    public static readonly TimeSpan Rediscovery = TimeSpan.FromSeconds(30);
    private static readonly GroupKind CustomResourceDefinitions = new("apiextensions.k8s.io", "CustomResourceDefinition");

    private readonly ClusterClient _client;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly EventRecorder _events;
    private readonly int _workers;
    private readonly WorkQueue<GraphItem> _queue;
    private readonly ResourceMonitors _monitors;
    private readonly Channel<bool> _rediscover = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _unresolvedLock = new(); // guards _unresolved
    private readonly HashSet<GraphItem> _unresolved = []; // dependents waiting for an owner's kind to be discovered

    private GarbageCollector(ControllerContext context)
    {
        _client = context.Runtime.Client;
        _time = context.Runtime.Time;
        _log = context.Loggers.CreateLogger<GarbageCollector>();
        _events = context.Recorder("garbage-collector-controller");
        _workers = context.Options.ConcurrentSyncs;
        _queue = new WorkQueue<GraphItem>(ControllerName, time: _time);
        _monitors = new ResourceMonitors(_client, _time, context.Loggers.CreateLogger<ResourceMonitors>(), OnEvent);
    }

    public static void Register(ControllerContext context) => context.Runtime.Add(context.Own(new GarbageCollector(context)));

    public string Name => ControllerName;

    public void Dispose() => _queue.Dispose();

    public async Task RunAsync(TimeSpan shutdownTimeout, CancellationToken abort, CancellationToken stop)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(abort, stop);
        var ct = linked.Token;
        try
        {
            await Task.WhenAll([DiscoverAsync(ct), .. Enumerable.Range(0, _workers).Select(_ => WorkAsync(ct))]);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            _queue.ShutDown();
            await _monitors.DisposeAsync();
        }
    }

    /// <summary>Follows what discovery lists, again every <see cref="Rediscovery"/> and at once after a CRD changes.</summary>
    private async Task DiscoverAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var discovered = await _client.Discovery.ServerPreferredResourcesAsync(ct);
                foreach (var (gv, error) in discovered.FailedGroupVersions) LogGroupDiscoveryFailed(_log, gv, error);
                var (started, stopped) = _monitors.Sync(discovered);
                if (started.Count > 0 || stopped.Count > 0)
                    LogMonitorsChanged(_log, string.Join(", ", started.Select(k => k.Plural)), string.Join(", ", stopped.Select(k => k.Plural)));
                if (started.Count > 0) RetryUnresolved();
            }
            catch (Exception e) when (e is ApiException or HttpRequestException or TimeoutException or JsonException)
            {
                LogDiscoveryFailed(_log, e.Message);
            }
            await WaitForRediscoveryAsync(ct);
        }
    }

    private async Task WaitForRediscoveryAsync(CancellationToken ct)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var signal = _rediscover.Reader.ReadAsync(wait.Token).AsTask();
        await Task.WhenAny(signal, Task.Delay(Rediscovery, _time, wait.Token));
        await wait.CancelAsync();
        ct.ThrowIfCancellationRequested();
    }

    /// <summary>Turns graph changes into work: which objects may now have something to do.</summary>
    private void OnEvent(KindInfo kind, InformerEvent<DynamicObject> e)
    {
        if (e.Object.Metadata is not { } meta) return;
        if (GroupKind.Of(kind) == CustomResourceDefinitions) _rediscover.Writer.TryWrite(true);
        if (e.Type == InformerEventType.Deleted)
        {
            foreach (var (dependent, _) in _monitors.DependentsOf(meta.Uid)) _queue.Add(dependent);
        }
        else
        {
            var item = new GraphItem(GroupKind.Of(kind), ObjectKey.Of(e.Object));
            // An update keeping its owner references is work only while some owner is not in the monitors' caches: one
            // deleted before its kind's monitor listed would otherwise never be seen to go.
            if (GarbageCollectionRules.NeedsAttention(meta, e.Type == InformerEventType.Added ? null : e.Old?.Metadata) || !OwnersCached(meta)) _queue.Add(item);
            // An owner that starts waiting has every dependent decide (upstream's processTransitions).
            if (GarbageCollectionRules.IsWaitingForDependents(meta) && !GarbageCollectionRules.IsWaitingForDependents(e.Old?.Metadata))
                foreach (var (dependent, _) in _monitors.DependentsOf(meta.Uid)) _queue.Add(dependent);
        }
        // An owner waiting for its dependents looks again whenever one of them changes, drops its reference, or goes.
        foreach (var reference in (meta.OwnerReferences ?? []).Concat(e.Old?.Metadata?.OwnerReferences ?? []))
            if (CachedOwner(reference, meta.Namespace) is { } owner && GarbageCollectionRules.IsWaitingForDependents(owner.Object.Metadata)) _queue.Add(owner.Item);
    }

    private async Task WorkAsync(CancellationToken ct)
    {
        while (await _queue.ProcessNextAsync(async (item, token) =>
        {
            try
            {
                if (await ProcessAsync(item, token)) _queue.Forget(item);
                else _queue.AddRateLimited(item);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                // Whatever went wrong with one object (a refused write, a lost connection) must not stop the collector.
                LogFailed(_log, item.Kind.ToString(), item.Key.Namespace, item.Key.Name, e.Message);
                _queue.AddRateLimited(item);
            }
        }, ct))
        {
        }
    }

    /// <summary>Does what the object's state asks for; false when it must be looked at again later.</summary>
    private async Task<bool> ProcessAsync(GraphItem item, CancellationToken ct)
    {
        if (_monitors.KindOf(item.Kind) is not { } kind || _monitors.Get(item.Kind, item.Key) is not { Metadata: { } meta } obj) return true;
        if (GarbageCollectionRules.IsOrphaning(meta))
        {
            await OrphanDependentsAsync(meta.Uid, ct);
            await PatchAsync(kind, item.Key, OwnerReferencePatches.RemoveFinalizer(meta.Finalizers, GarbageCollectionRules.OrphanFinalizer), ct);
            LogOrphaned(_log, kind.Kind, item.Key.Namespace, item.Key.Name);
            return true;
        }
        if (GarbageCollectionRules.IsWaitingForDependents(meta))
        {
            await ProcessWaitingOwnerAsync(kind, item, meta, ct);
            return true;
        }
        if (meta.OwnerReferences is not { Count: > 0 } references || meta.DeletionTimestamp is not null) return true;

        var owners = new List<(OwnerReference, OwnerState)>(references.Count);
        foreach (var reference in references) owners.Add((reference, await OwnerStateAsync(reference, kind, obj, ct)));
        var dependents = _monitors.DependentsOf(meta.Uid);
        var facts = new DependentFacts(owners, meta.Finalizers ?? [], meta.DeletionTimestamp is not null, dependents.Count > 0,
            dependents.Any(d => GarbageCollectionRules.IsWaitingForDependents(d.Object.Metadata)));
        switch (GarbageCollectionRules.Decide(facts))
        {
            case DependentAction.RetryLater:
                lock (_unresolvedLock) _unresolved.Add(item);
                return false;
            case DependentAction.ReportInvalid invalid:
                ReportInvalidReference(kind, obj, references.First(r => r.Uid == invalid.OwnerUid));
                break;
            case DependentAction.RemoveReferences remove:
                await PatchAsync(kind, item.Key, OwnerReferencePatches.RemoveReferences(references, remove.OwnerUids), ct);
                break;
            case DependentAction.Delete delete:
                if (delete.UnblockFirst) await PatchAsync(kind, item.Key, OwnerReferencePatches.Unblock(references), ct);
                return await DeleteAsync(kind, item.Key, meta, delete.Propagation, ct);
        }
        return true;
    }

    /// <summary>Foreground: the owner goes (its finalizer removed) once no dependent blocks it; until then its dependents decide.</summary>
    private async Task ProcessWaitingOwnerAsync(KindInfo kind, GraphItem item, ObjectMeta meta, CancellationToken ct)
    {
        var dependents = _monitors.DependentsOf(meta.Uid);
        if (!dependents.Any(d => GarbageCollectionRules.Blocks(d.Object.Metadata, meta.Uid ?? "")))
        {
            await PatchAsync(kind, item.Key, OwnerReferencePatches.RemoveFinalizer(meta.Finalizers, GarbageCollectionRules.ForegroundFinalizer), ct);
            LogDependentsGone(_log, kind.Kind, item.Key.Namespace, item.Key.Name);
            return;
        }
        foreach (var (dependent, obj) in dependents)
            if (!GarbageCollectionRules.IsWaitingForDependents(obj.Metadata)) _queue.Add(dependent);
    }

    /// <summary>Orphan: every dependent loses its reference to the owner (and lives on).</summary>
    private async Task OrphanDependentsAsync(string? ownerUid, CancellationToken ct)
    {
        foreach (var (dependent, obj) in _monitors.DependentsOf(ownerUid))
            if (_monitors.KindOf(dependent.Kind) is { } kind)
                await PatchAsync(kind, dependent.Key, OwnerReferencePatches.RemoveReferences(obj.Metadata?.OwnerReferences, [ownerUid!]), ct);
    }

    /// <summary>
    /// What became of one owner: the cache answers when it shows the owner; otherwise only a live read may declare it
    /// gone, as the cache may simply be behind.
    /// </summary>
    private async Task<OwnerState> OwnerStateAsync(OwnerReference reference, KindInfo dependentKind, DynamicObject dependent, CancellationToken ct)
    {
        if (_monitors.KindOf(GroupKind.Of(reference)) is not { } kind) return OwnerState.Unresolvable;
        if (GarbageCollectionRules.OwnerNamespace(kind.Namespaced, dependent.Metadata?.Namespace) is not { } ns) return OwnerState.InvalidScope;
        if (string.IsNullOrEmpty(reference.Name)) return OwnerState.Dangling;
        var key = new ObjectKey(ns, reference.Name);
        if (_monitors.Get(GroupKind.Of(kind), key) is { Metadata: { } cached } && cached.Uid == reference.Uid) return GarbageCollectionRules.Classify(reference, cached);

        ObjectMeta? live;
        try
        {
            live = (await _client.Dynamic(kind).GetAsync(key, ct)).Metadata;
        }
        catch (NotFoundException)
        {
            live = null;
        }
        var state = GarbageCollectionRules.Classify(reference, live);
        if (state == OwnerState.Dangling && ns.Length > 0 && _monitors.FindByUid(reference.Uid) is { } elsewhere && elsewhere.Item.Key.Namespace != ns)
            ReportInvalidReference(dependentKind, dependent, reference);
        return state;
    }

    /// <summary>
    /// Deletes a dependent if it is still the object the decision was made on (same uid and resourceVersion). When
    /// only its version moved on and its references did not change, the decision stands and it is deleted by uid.
    /// </summary>
    private async Task<bool> DeleteAsync(KindInfo kind, ObjectKey key, ObjectMeta meta, string propagation, CancellationToken ct)
    {
        var resource = _client.Dynamic(kind);
        try
        {
            await resource.DeleteAsync(key, new DeleteOptions { PropagationPolicy = propagation, Preconditions = new Preconditions { Uid = meta.Uid, ResourceVersion = meta.ResourceVersion } }, ct);
        }
        catch (NotFoundException)
        {
            return true;
        }
        catch (ConflictException)
        {
            if (await resource.FindAsync(key, ct) is not { Metadata: { } latest } || latest.Uid != meta.Uid) return true;
            if (!SameReferences(latest.OwnerReferences, meta.OwnerReferences)) return false; // decide again on the new references
            try
            {
                await resource.DeleteAsync(key, new DeleteOptions { PropagationPolicy = propagation, Preconditions = new Preconditions { Uid = meta.Uid } }, ct);
            }
            catch (ApiException e) when (e is NotFoundException or ConflictException)
            {
                return true; // gone, or a new object has the name: nothing of ours to delete
            }
        }
        LogDeleted(_log, kind.Kind, key.Namespace, key.Name, propagation);
        return true;
    }

    private async Task PatchAsync(KindInfo kind, ObjectKey key, Patch? patch, CancellationToken ct)
    {
        if (patch is null) return;
        try
        {
            await _client.Dynamic(kind).PatchAsync(key, patch, ct: ct);
        }
        catch (NotFoundException)
        {
            // gone meanwhile: nothing left to edit
        }
    }

    private void ReportInvalidReference(KindInfo kind, DynamicObject dependent, OwnerReference reference)
    {
        var ns = dependent.Metadata?.Namespace ?? "";
        _events.Record(dependent, kind, "Warning", "OwnerRefInvalidNamespace",
            $"ownerRef [{reference.ApiVersion}/{reference.Kind}, namespace: {ns}, name: {reference.Name}, uid: {reference.Uid}] does not exist in namespace \"{ns}\"");
    }

    private bool OwnersCached(ObjectMeta meta)
    {
        foreach (var reference in meta.OwnerReferences ?? [])
            if (CachedOwner(reference, meta.Namespace) is null) return false;
        return true;
    }

    private (GraphItem Item, DynamicObject Object)? CachedOwner(OwnerReference reference, string? dependentNamespace)
    {
        var kind = GroupKind.Of(reference);
        if (_monitors.KindOf(kind) is not { } info || reference.Name is not { Length: > 0 } name) return null;
        if (GarbageCollectionRules.OwnerNamespace(info.Namespaced, dependentNamespace) is not { } ns) return null;
        var key = new ObjectKey(ns, name);
        return _monitors.Get(kind, key) is { } owner && owner.Metadata?.Uid == reference.Uid ? (new GraphItem(kind, key), owner) : null;
    }

    private void RetryUnresolved()
    {
        GraphItem[] items;
        lock (_unresolvedLock)
        {
            items = [.. _unresolved];
            _unresolved.Clear();
        }
        foreach (var item in items) _queue.Add(item);
    }

    private static bool SameReferences(IReadOnlyList<OwnerReference>? a, IReadOnlyList<OwnerReference>? b) =>
        (a ?? []).SequenceEqual(b ?? []);

    [LoggerMessage(Level = LogLevel.Warning, Message = "garbage collector: discovery failed: {Error}")]
    private static partial void LogDiscoveryFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "garbage collector: discovery of {GroupVersion} failed, its resources stay followed as they were: {Error}")]
    private static partial void LogGroupDiscoveryFailed(ILogger logger, string groupVersion, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "garbage collector: now following [{Started}], no longer [{Stopped}]")]
    private static partial void LogMonitorsChanged(ILogger logger, string started, string stopped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "garbage collector: {Kind} {Namespace}/{Name}: {Error}")]
    private static partial void LogFailed(ILogger logger, string kind, string @namespace, string name, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "garbage collector: deleted {Kind} {Namespace}/{Name} ({Propagation})")]
    private static partial void LogDeleted(ILogger logger, string kind, string @namespace, string name, string propagation);

    [LoggerMessage(Level = LogLevel.Debug, Message = "garbage collector: orphaned the dependents of {Kind} {Namespace}/{Name}")]
    private static partial void LogOrphaned(ILogger logger, string kind, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Debug, Message = "garbage collector: no dependent blocks {Kind} {Namespace}/{Name} any more; removing its foregroundDeletion finalizer")]
    private static partial void LogDependentsGone(ILogger logger, string kind, string @namespace, string name);
}
