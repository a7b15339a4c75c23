using Cluster.Api.Apps.V1;
using Cluster.Api.Core.V1;
using Cluster.Controllers.Common;
using Cluster.Runtime;
using Cluster.Runtime.Builder;
using Cluster.Runtime.Client;
using Cluster.Runtime.Client.Errors;
using Cluster.Runtime.Controllers;
using Cluster.Runtime.Events;
using Cluster.Runtime.Informers;
using Cluster.Runtime.Ownership;
using Microsoft.Extensions.Logging;

namespace Cluster.Controllers.ReplicaSets;

/// <summary>
/// Keeps <c>spec.replicas</c> pods of each ReplicaSet: adopts matching orphans, releases pods that stopped matching,
/// creates in slow-start batches and deletes in upstream's order (<see cref="ReplicaSetRules"/>), never acting twice on
/// writes its cache has not seen yet (<see cref="PendingPodWrites"/>), and reports status.
/// </summary>
public sealed partial class ReplicaSetController : IReconciler<ReplicaSet>
{
    private readonly ClusterClient _client;
    private readonly ClusterCache _cache;
    private readonly Informer<Pod> _pods;
    private readonly Informer<ReplicaSet> _replicaSets;
    private readonly EventRecorder _events;
    private readonly PendingPodWrites _pending;
    private readonly TimeProvider _time;
    private readonly ILogger _log;

    private ReplicaSetController(ControllerContext context)
    {
        var runtime = context.Runtime;
        _client = runtime.Client;
        _cache = runtime.Cache;
        _pods = runtime.Informers.For<Pod>();
        _replicaSets = runtime.Informers.For<ReplicaSet>();
        _events = context.Recorder("replicaset-controller");
        _time = runtime.Time;
        _pending = new PendingPodWrites(_time);
        _log = context.Loggers.CreateLogger<ReplicaSetController>();
    }

    public static void Register(ControllerContext context)
    {
        var reconciler = new ReplicaSetController(context);
        context.Runtime.For<ReplicaSet>()
            .Named("replicaset")
            .Owns<Pod>()
            .Watches<Pod>(reconciler.ReplicaSetsAdopting)
            .WithConcurrency(context.Options.ConcurrentSyncs)
            .Complete(reconciler);
    }

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        var rs = _cache.Get<ReplicaSet>(key);
        if (rs is null)
        {
            _pending.Forget(key);
            return ReconcileResult.Done;
        }
        var now = _time.GetUtcNow();
        var selector = LabelSelectors.FromOrNothing(rs.Spec?.Selector);
        var claim = ReplicaSetRules.ClaimPods(rs, selector, _cache.List<Pod>(key.Namespace));
        var owned = claim.Owned.ToList();
        var adopted = await AdoptAsync(rs, claim.Adopt, ct);
        // A refused adoption means the cache is behind: counting without that pod could create one too many.
        if (adopted.Count < claim.Adopt.Count) return ReconcileResult.Retry;
        owned.AddRange(adopted);
        await ReleaseAsync(rs, claim.Release, ct);
        var active = owned.Where(PodConditions.IsActive).ToList();

        ManageFailure? failure = null;
        var settled = _pending.Settled(key, key.Namespace, _cache.Get<Pod>, _pods.ResourceVersion);
        if (settled && rs.Metadata?.DeletionTimestamp is null)
        {
            var diff = ReplicaSetRules.Diff(rs, active.Count);
            if (diff > 0) failure = await CreatePodsAsync(rs, key, diff, ct);
            else if (diff < 0) failure = await DeletePodsAsync(rs, key, ReplicaSetRules.PodsToDelete(active, -diff, RelatedPods(rs), now), ct);
        }

        var status = ReplicaSetRules.Status(rs, active, now, failure);
        if (!ReplicaSetRules.SameStatus(rs.Status, status))
        {
            try
            {
                await _client.UpdateStatusAsync(rs with { Status = status }, ct: ct);
            }
            catch (ConflictException)
            {
                return ReconcileResult.Retry; // a newer ReplicaSet is on its way to the cache
            }
            catch (NotFoundException)
            {
                return ReconcileResult.Done;
            }
        }
        if (failure is not null) return ReconcileResult.Retry;
        return ReplicaSetRules.NextAvailability(rs, active, now) is { } wait ? ReconcileResult.After(wait) : ReconcileResult.Done;
    }

    /// <summary>An orphan pod wakes the ReplicaSets of its namespace whose selector matches it (they may adopt it).</summary>
    private IEnumerable<ObjectKey> ReplicaSetsAdopting(Pod pod)
    {
        if (OwnerReferences.ControllerOf(pod) is not null) return [];
        var ns = pod.Metadata?.Namespace ?? "";
        return _replicaSets.Cache.List(ns)
            .Where(rs => LabelSelectors.FromOrNothing(rs.Spec?.Selector).Matches(pod.Metadata?.Labels))
            .Select(rs => new ObjectKey(ns, rs.Metadata!.Name!))
            .ToList();
    }

    /// <summary>The active pods of this ReplicaSet and of its siblings under the same controller (a Deployment's), for ranking.</summary>
    private IEnumerable<Pod> RelatedPods(ReplicaSet rs)
    {
        var ns = rs.Metadata?.Namespace ?? "";
        var owner = OwnerReferences.ControllerOf(rs)?.Uid;
        var siblings = owner is null
            ? [rs.Metadata!.Uid!]
            : _cache.List<ReplicaSet>(ns).Where(r => OwnerReferences.ControllerOf(r)?.Uid == owner).Select(r => r.Metadata!.Uid!).ToHashSet(StringComparer.Ordinal);
        return _cache.List<Pod>(ns).Where(p => PodConditions.IsActive(p) && OwnerReferences.ControllerOf(p)?.Uid is { } uid && siblings.Contains(uid));
    }

    private async Task<List<Pod>> AdoptAsync(ReplicaSet rs, IReadOnlyList<Pod> orphans, CancellationToken ct)
    {
        var adopted = new List<Pod>();
        if (orphans.Count == 0) return adopted;
        var reference = OwnerReferences.ControllerReference(rs);
        foreach (var pod in orphans)
        {
            try
            {
                adopted.Add(await _client.PatchAsync<Pod>(ObjectKey.Of(pod), OwnerReferencePatches.Adopt(pod, reference), ct: ct));
            }
            catch (ApiException e) when (e is NotFoundException or ConflictException or InvalidException)
            {
                // changed or gone meanwhile: the next reconcile sees its new state
            }
        }
        return adopted;
    }

    private async Task ReleaseAsync(ReplicaSet rs, IReadOnlyList<Pod> pods, CancellationToken ct)
    {
        foreach (var pod in pods)
        {
            if (OwnerReferencePatches.RemoveReferences(pod.Metadata?.OwnerReferences, [rs.Metadata!.Uid!]) is not { } patch) continue;
            try
            {
                await _client.PatchAsync<Pod>(ObjectKey.Of(pod), patch, ct: ct);
            }
            catch (ApiException e) when (e is NotFoundException or ConflictException or InvalidException)
            {
            }
        }
    }

    private async Task<ManageFailure?> CreatePodsAsync(ReplicaSet rs, ObjectKey key, int count, CancellationToken ct)
    {
        foreach (var batch in ReplicaSetRules.SlowStartBatches(count))
        {
            var errors = await Task.WhenAll(Enumerable.Range(0, batch).Select(_ => CreatePodAsync(rs, key, ct)));
            if (errors.FirstOrDefault(e => e is not null) is { } error) return new ManageFailure("FailedCreate", error);
        }
        return null;
    }

    private async Task<string?> CreatePodAsync(ReplicaSet rs, ObjectKey key, CancellationToken ct)
    {
        try
        {
            var pod = await _client.CreateAsync(ReplicaSetRules.NewPod(rs), ct: ct);
            _pending.Created(key, pod);
            _events.Normal(rs, "SuccessfulCreate", $"Created pod: {pod.Metadata!.Name}");
            return null;
        }
        catch (ApiException e)
        {
            _events.Warning(rs, "FailedCreate", $"Error creating: {e.Message}");
            LogCreateFailed(_log, key.Namespace, key.Name, e.Message);
            return e.Message;
        }
    }

    private async Task<ManageFailure?> DeletePodsAsync(ReplicaSet rs, ObjectKey key, IReadOnlyList<Pod> pods, CancellationToken ct)
    {
        var errors = await Task.WhenAll(pods.Select(async pod =>
        {
            try
            {
                var marked = await _client.DeleteAsync<Pod>(ObjectKey.Of(pod), ct: ct);
                _pending.Deleted(key, pod, marked);
                _events.Normal(rs, "SuccessfulDelete", $"Deleted pod: {pod.Metadata!.Name}");
                return null;
            }
            catch (NotFoundException)
            {
                return null;
            }
            catch (ApiException e)
            {
                _events.Warning(rs, "FailedDelete", $"Error deleting: {e.Message}");
                return e.Message;
            }
        }));
        return errors.FirstOrDefault(e => e is not null) is { } error ? new ManageFailure("FailedDelete", error) : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "replica set {Namespace}/{Name}: creating a pod failed: {Error}")]
    private static partial void LogCreateFailed(ILogger logger, string @namespace, string name, string error);
}
