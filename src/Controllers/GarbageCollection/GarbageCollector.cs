using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Cluster.Api;
using Cluster.Api.Meta.V1;
using Cluster.Runtime;
using Cluster.Runtime.Client;
using Cluster.Runtime.Client.Errors;
using Cluster.Runtime.Controllers;
using Cluster.Runtime.Informers;
using Cluster.Runtime.Queue;
using Microsoft.Extensions.Logging;

namespace Cluster.Controllers.GarbageCollection;

/// <summary>
/// Upstream's garbage collector over the ownerReferences graph of every resource the API serves (rediscovered so that
/// custom resources join): dependents whose owners are all gone are deleted (Background by default); an owner
/// deleted with Foreground propagation (finalizer <c>foregroundDeletion</c>) loses its dependents first and goes once
/// none with blockOwnerDeletion remains; one deleted with Orphan propagation (finalizer <c>orphan</c>) has its
/// references removed from its dependents, which live on. Owners are confirmed with a live read before anything is
/// deleted, so a cache that is behind never costs an object its life.
/// </summary>
public sealed partial class GarbageCollector : IController, IDisposable
{
    private const int Workers = 4;
    private static readonly TimeSpan Rediscovery = TimeSpan.FromSeconds(30);

    private readonly ControllerContext _context;
    private readonly ClusterClient _client;
    private readonly ILogger _log;
    private readonly WorkQueue<Item> _queue;
    private readonly ConcurrentDictionary<(string Group, string Kind), Informer<DynamicObject>> _monitors = new();

    private GarbageCollector(ControllerContext context)
    {
        _context = context;
        _client = context.Runtime.Client;
        _log = context.Loggers.CreateLogger<GarbageCollector>();
        _queue = new WorkQueue<Item>("garbagecollector", time: context.Runtime.Time);
    }

    public static void Register(ControllerContext context) => context.Runtime.Add(context.Own(new GarbageCollector(context)));

    public void Dispose() => _queue.Dispose();

    public string Name => "garbagecollector";

    private sealed record Item(KindInfo Kind, ObjectKey Key);

    public async Task RunAsync(TimeSpan shutdownTimeout, CancellationToken abort, CancellationToken stop)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(abort, stop);
        var ct = linked.Token;
        try
        {
            await Task.WhenAll([DiscoverAsync(ct), .. Enumerable.Range(0, Workers).Select(_ => WorkAsync(ct))]);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            _queue.ShutDown();
        }
    }

    /// <summary>Follows every deletable, watchable resource; new ones (CRDs) are picked up on the next round.</summary>
    private async Task DiscoverAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                foreach (var r in await _client.Discovery.ServerPreferredResourcesAsync(ct))
                {
                    if (!r.Supports("delete") || !r.Supports("list") || !r.Supports("watch") || r.Kind.Plural == "events") continue;
                    if (_monitors.ContainsKey((r.Kind.Group, r.Kind.Kind))) continue;
                    var informer = _context.Runtime.Informers.For(r.Kind);
                    if (_monitors.TryAdd((r.Kind.Group, r.Kind.Kind), informer)) _ = PumpAsync(r.Kind, informer, ct);
                }
            }
            catch (Exception e) when (e is ApiException or HttpRequestException or TimeoutException)
            {
                LogDiscoveryFailed(_log, e.Message);
            }
            await Task.Delay(Rediscovery, _context.Runtime.Time, ct);
        }
    }

    private async Task PumpAsync(KindInfo kind, Informer<DynamicObject> informer, CancellationToken ct)
    {
        try
        {
            await foreach (var e in informer.Events(ct)) OnEvent(kind, e);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private void OnEvent(KindInfo kind, InformerEvent<DynamicObject> e)
    {
        var meta = e.Object.Metadata;
        if (meta is null) return;
        if (e.Type == InformerEventType.Deleted)
        {
            foreach (var dependent in DependentsOf(meta.Uid ?? "")) _queue.Add(dependent);
        }
        else if (meta.OwnerReferences is { Count: > 0 } || meta.Finalizers?.Any(f => f is GarbageCollectionRules.ForegroundFinalizer or GarbageCollectionRules.OrphanFinalizer) == true)
        {
            _queue.Add(new Item(kind, ObjectKey.Of(e.Object)));
        }
        // An owner waiting for its dependents looks again whenever one of them changes or goes.
        foreach (var reference in (meta.OwnerReferences ?? []).Concat(e.Old?.Metadata?.OwnerReferences ?? []))
            if (Owner(reference, meta.Namespace) is { } owner && owner.Object.Metadata?.DeletionTimestamp is not null) _queue.Add(owner.Item);
    }

    private async Task WorkAsync(CancellationToken ct)
    {
        while (await _queue.ProcessNextAsync(async (item, token) =>
        {
            try
            {
                await ProcessAsync(item, token);
                _queue.Forget(item);
            }
            catch (Exception e) when (e is ApiException or HttpRequestException or TimeoutException)
            {
                LogFailed(_log, item.Kind.Kind, item.Key.Namespace, item.Key.Name, e.Message);
                _queue.AddRateLimited(item);
            }
        }, ct))
        {
        }
    }

    private async Task ProcessAsync(Item item, CancellationToken ct)
    {
        if (!_monitors.TryGetValue((item.Kind.Group, item.Kind.Kind), out var informer) || informer.Cache.Get(item.Key) is not { } obj) return;
        var meta = obj.Metadata!;
        var finalizers = meta.Finalizers ?? [];
        if (meta.DeletionTimestamp is not null && finalizers.Contains(GarbageCollectionRules.OrphanFinalizer))
        {
            await OrphanDependentsAsync(meta.Uid!, ct);
            await RemoveFinalizerAsync(item, obj, GarbageCollectionRules.OrphanFinalizer, ct);
            return;
        }
        if (meta.DeletionTimestamp is not null && finalizers.Contains(GarbageCollectionRules.ForegroundFinalizer))
        {
            var dependents = DependentsOf(meta.Uid!).ToList();
            foreach (var dependent in dependents) await DeleteDependentOfWaitingOwnerAsync(dependent, ct);
            var blocking = dependents.Count(d => Lookup(d)?.Metadata?.OwnerReferences?.Any(r => r.Uid == meta.Uid && r.BlockOwnerDeletion == true) == true);
            if (blocking == 0) await RemoveFinalizerAsync(item, obj, GarbageCollectionRules.ForegroundFinalizer, ct);
            return;
        }
        if (meta.OwnerReferences is not { Count: > 0 } references) return;

        var owners = new List<(OwnerReference, OwnerState)>();
        foreach (var reference in references) owners.Add((reference, await OwnerStateAsync(reference, meta.Namespace, ct)));
        switch (GarbageCollectionRules.Decide(owners, finalizers, DependentsOf(meta.Uid ?? "").Any()))
        {
            case DependentAction.Unlink unlink:
                await UnlinkAsync(item, obj, unlink, ct);
                break;
            case DependentAction.Delete delete:
                await DeleteAsync(item, meta.Uid!, delete.Propagation, ct);
                break;
        }
    }

    /// <summary>Dependents of the owner being deleted in the foreground go too (in the foreground if they own others).</summary>
    private async Task DeleteDependentOfWaitingOwnerAsync(Item dependent, CancellationToken ct)
    {
        if (Lookup(dependent) is not { Metadata: { DeletionTimestamp: null } meta }) return;
        var propagation = DependentsOf(meta.Uid ?? "").Any() ? "Foreground" : "Background";
        await DeleteAsync(dependent, meta.Uid!, propagation, ct);
    }

    private async Task DeleteAsync(Item item, string uid, string propagation, CancellationToken ct)
    {
        try
        {
            await _client.Dynamic(item.Kind).DeleteAsync(item.Key, new DeleteOptions { PropagationPolicy = propagation, Preconditions = new Preconditions { Uid = uid } }, ct);
            LogDeleted(_log, item.Kind.Kind, item.Key.Namespace, item.Key.Name, propagation);
        }
        catch (ApiException e) when (e is NotFoundException or ConflictException)
        {
            // gone, or a new object has the name: nothing of ours to delete
        }
    }

    /// <summary>Owner states, from the cache when it shows the owner, else from a live read (the cache may be behind).</summary>
    private async Task<OwnerState> OwnerStateAsync(OwnerReference reference, string? dependentNamespace, CancellationToken ct)
    {
        if (Owner(reference, dependentNamespace) is { } cached) return State(cached.Object.Metadata);
        if (KindOf(reference) is not { } kind) return OwnerState.Solid; // a kind we cannot resolve: never delete on a guess
        try
        {
            var live = await _client.Dynamic(kind).GetAsync(new ObjectKey(kind.Namespaced ? dependentNamespace ?? "" : "", reference.Name ?? ""), ct);
            return live.Metadata?.Uid == reference.Uid ? State(live.Metadata) : OwnerState.Dangling;
        }
        catch (NotFoundException)
        {
            return OwnerState.Dangling;
        }
    }

    private static OwnerState State(ObjectMeta? owner) =>
        owner?.DeletionTimestamp is not null && owner.Finalizers?.Contains(GarbageCollectionRules.ForegroundFinalizer) == true ? OwnerState.WaitingForDependents : OwnerState.Solid;

    private (Item Item, DynamicObject Object)? Owner(OwnerReference reference, string? dependentNamespace)
    {
        if (KindOf(reference) is not { } kind || !_monitors.TryGetValue((kind.Group, kind.Kind), out var informer)) return null;
        var key = new ObjectKey(kind.Namespaced ? dependentNamespace ?? "" : "", reference.Name ?? "");
        return informer.Cache.Get(key) is { } owner && owner.Metadata?.Uid == reference.Uid ? (new Item(kind, key), owner) : null;
    }

    private KindInfo? KindOf(OwnerReference reference)
    {
        var apiVersion = reference.ApiVersion ?? "";
        var group = apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : "";
        return _monitors.TryGetValue((group, reference.Kind ?? ""), out var informer) ? informer.Kind : null;
    }

    private IEnumerable<Item> DependentsOf(string uid)
    {
        if (uid.Length == 0) yield break;
        foreach (var informer in _monitors.Values)
            foreach (var dependent in informer.Cache.ByIndex(ObjectCache<DynamicObject>.OwnerIndex, uid))
                yield return new Item(informer.Kind, ObjectKey.Of(dependent));
    }

    private DynamicObject? Lookup(Item item) => _monitors.TryGetValue((item.Kind.Group, item.Kind.Kind), out var informer) ? informer.Cache.Get(item.Key) : null;

    private async Task OrphanDependentsAsync(string ownerUid, CancellationToken ct)
    {
        foreach (var dependent in DependentsOf(ownerUid).ToList())
        {
            if (Lookup(dependent) is not { } obj) continue;
            await UnlinkAsync(dependent, obj, new DependentAction.Unlink([ownerUid], []), ct);
        }
    }

    /// <summary>Removes references (and unblocks others) with a JSON patch guarded by the references' uids.</summary>
    private async Task UnlinkAsync(Item item, DynamicObject obj, DependentAction.Unlink unlink, CancellationToken ct)
    {
        var references = obj.Metadata?.OwnerReferences ?? [];
        var ops = new JsonArray();
        for (var i = references.Count - 1; i >= 0; i--)
        {
            var uid = references[i].Uid ?? "";
            if (unlink.DanglingUids.Contains(uid))
            {
                ops.Add(new JsonObject { ["op"] = "test", ["path"] = $"/metadata/ownerReferences/{i}/uid", ["value"] = uid });
                ops.Add(new JsonObject { ["op"] = "remove", ["path"] = $"/metadata/ownerReferences/{i}" });
            }
            else if (unlink.UnblockUids.Contains(uid))
            {
                ops.Add(new JsonObject { ["op"] = "test", ["path"] = $"/metadata/ownerReferences/{i}/uid", ["value"] = uid });
                ops.Add(new JsonObject { ["op"] = "replace", ["path"] = $"/metadata/ownerReferences/{i}/blockOwnerDeletion", ["value"] = false });
            }
        }
        if (ops.Count == 0) return;
        try
        {
            await _client.Dynamic(item.Kind).PatchAsync(item.Key, Patch.Json(ops.ToJsonString()), ct: ct);
        }
        catch (ApiException e) when (e is NotFoundException)
        {
        }
    }

    private async Task RemoveFinalizerAsync(Item item, DynamicObject obj, string finalizer, CancellationToken ct)
    {
        var finalizers = obj.Metadata?.Finalizers ?? [];
        var index = finalizers.ToList().IndexOf(finalizer);
        if (index < 0) return;
        var ops = new JsonArray
        {
            new JsonObject { ["op"] = "test", ["path"] = $"/metadata/finalizers/{index}", ["value"] = finalizer },
            new JsonObject { ["op"] = "remove", ["path"] = $"/metadata/finalizers/{index}" },
        };
        try
        {
            await _client.Dynamic(item.Kind).PatchAsync(item.Key, Patch.Json(ops.ToJsonString()), ct: ct);
        }
        catch (ApiException e) when (e is NotFoundException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "garbage collector: discovery failed: {Error}")]
    private static partial void LogDiscoveryFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "garbage collector: {Kind} {Namespace}/{Name}: {Error}")]
    private static partial void LogFailed(ILogger logger, string kind, string @namespace, string name, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "garbage collector: deleted {Kind} {Namespace}/{Name} ({Propagation})")]
    private static partial void LogDeleted(ILogger logger, string kind, string @namespace, string name, string propagation);
}
