using System.Globalization;
using System.Text.Json.Nodes;
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

namespace Cluster.Controllers.Deployments;

/// <summary>
/// Rolls Deployments out through ReplicaSets as upstream's deployment controller: a ReplicaSet per pod template
/// (named and labelled by its hash, with revision annotations), RollingUpdate within maxSurge and maxUnavailable or
/// Recreate, proportional scaling during a rollout, pause, revision history cleanup, and the status and conditions
/// that <c>kubectl rollout status</c> reads. Every decision is in <see cref="RolloutMath"/>,
/// <see cref="ReplicaSetHistory"/> and <see cref="DeploymentStatusRules"/>; this class reads the cache and writes.
/// </summary>
public sealed partial class DeploymentController : IReconciler<Deployment>
{
    private readonly ClusterClient _client;
    private readonly ClusterCache _cache;
    private readonly Informer<ReplicaSet> _replicaSets;
    private readonly EventRecorder _events;
    private readonly TimeProvider _time;
    private readonly ILogger _log;

    private DeploymentController(ControllerContext context)
    {
        _client = context.Runtime.Client;
        _cache = context.Runtime.Cache;
        _replicaSets = context.Runtime.Informers.For<ReplicaSet>();
        _events = context.Recorder("deployment-controller");
        _time = context.Runtime.Time;
        _log = context.Loggers.CreateLogger<DeploymentController>();
    }

    public static void Register(ControllerContext context)
    {
        var reconciler = new DeploymentController(context);
        context.Runtime.For<Deployment>()
            .Named("deployment")
            .Owns<ReplicaSet>()
            .Watches<Pod>(reconciler.DeploymentOfPod)
            .WithConcurrency(context.Options.ConcurrentSyncs)
            .Complete(reconciler);
    }

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        var d = _cache.Get<Deployment>(key);
        if (d is null) return ReconcileResult.Done;
        try
        {
            var selector = LabelSelectors.FromOrNothing(d.Spec?.Selector);
            if (selector.IsEverything) return ReconcileResult.Done; // upstream refuses to select every pod
            if (await ClaimReplicaSetsAsync(d, selector, ct) is not { } all) return ReconcileResult.Retry;
            if (d.Metadata?.DeletionTimestamp is not null) return await SyncStatusAsync(d, all, ReplicaSetHistory.FindNew(d, all), rollout: false, ct);
            if (d.Spec?.Paused == true || IsScalingEvent(d, all)) return await SyncAsync(d, all, ct);
            return RolloutMath.IsRollingUpdate(d) ? await RollingAsync(d, all, ct) : await RecreateAsync(d, all, ct);
        }
        catch (ConflictException)
        {
            return ReconcileResult.Retry; // a newer object is on its way to the cache
        }
        catch (NotFoundException)
        {
            return ReconcileResult.Retry;
        }
    }

    /// <summary>A pod change wakes the deployment of its ReplicaSet (Recreate waits for old pods to go).</summary>
    private IEnumerable<ObjectKey> DeploymentOfPod(Pod pod)
    {
        if (OwnerReferences.ControllerOf(pod) is not { Kind: "ReplicaSet" } owner) return [];
        var ns = pod.Metadata?.Namespace ?? "";
        var rs = _replicaSets.Cache.Get(new ObjectKey(ns, owner.Name ?? ""));
        return rs is not null && OwnerReferences.ControllerOf(rs) is { Kind: "Deployment" } d ? [new ObjectKey(ns, d.Name ?? "")] : [];
    }

    private static bool IsScalingEvent(Deployment d, IReadOnlyList<ReplicaSet> all) =>
        all.Where(rs => RolloutMath.Replicas(rs) > 0).Any(rs =>
            rs.Metadata?.Annotations?.TryGetValue(DeploymentAnnotations.DesiredReplicas, out var text) == true
            && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var desired) && desired != RolloutMath.Replicas(d));

    /// <summary>The deployment's ReplicaSets after adopting and releasing; null when an adoption was refused (retry).</summary>
    private async Task<List<ReplicaSet>?> ClaimReplicaSetsAsync(Deployment d, Api.Selectors.LabelSelector selector, CancellationToken ct)
    {
        var owned = new List<ReplicaSet>();
        foreach (var rs in _cache.List<ReplicaSet>(d.Metadata!.Namespace))
        {
            var controller = OwnerReferences.ControllerOf(rs);
            var matches = selector.Matches(rs.Metadata?.Labels);
            if (controller?.Uid == d.Metadata.Uid)
            {
                if (matches) owned.Add(rs);
                else if (OwnerReferencePatches.RemoveReferences(rs.Metadata?.OwnerReferences, [d.Metadata.Uid!]) is { } release) await PatchQuietlyAsync(rs, release, ct);
            }
            else if (controller is null && matches && d.Metadata.DeletionTimestamp is null && rs.Metadata?.DeletionTimestamp is null)
            {
                // A refused adoption means the cache is behind; going on without that ReplicaSet could make a second new one.
                if (await PatchQuietlyAsync(rs, OwnerReferencePatches.Adopt(rs, OwnerReferences.ControllerReference(d)), ct) is not { } adopted) return null;
                owned.Add(adopted);
            }
        }
        return owned;
    }

    private async Task<ReplicaSet?> PatchQuietlyAsync(ReplicaSet rs, Patch patch, CancellationToken ct)
    {
        try
        {
            return await _client.PatchAsync<ReplicaSet>(ObjectKey.Of(rs), patch, ct: ct);
        }
        catch (ApiException e) when (e is NotFoundException or ConflictException or InvalidException)
        {
            return null;
        }
    }

    /// <summary>Scaling only (paused, or the desired count changed): no new ReplicaSet is created.</summary>
    private async Task<ReconcileResult> SyncAsync(Deployment d, List<ReplicaSet> all, CancellationToken ct)
    {
        var newRs = ReplicaSetHistory.FindNew(d, all);
        if (newRs is not null) newRs = await EnsureNewAnnotationsAsync(d, all, newRs, ct);
        all = Replace(all, newRs);
        var active = all.Where(rs => RolloutMath.Replicas(rs) > 0).ToList();
        if (active.Count <= 1)
        {
            var target = active.FirstOrDefault() ?? newRs ?? all.OrderByDescending(rs => rs.Metadata?.CreationTimestamp).FirstOrDefault();
            if (target is not null) all = Replace(all, await ScaleAsync(d, target, RolloutMath.Replicas(d), ct));
        }
        else if (newRs is not null && IsSaturated(d, newRs))
        {
            foreach (var old in all.Where(rs => rs != newRs && RolloutMath.Replicas(rs) > 0).ToList()) all = Replace(all, await ScaleAsync(d, old, 0, ct));
        }
        else if (RolloutMath.IsRollingUpdate(d))
        {
            var sizes = RolloutMath.ScaleProportionally(d, active);
            foreach (var rs in active) all = Replace(all, await ScaleAsync(d, rs, sizes[rs.Metadata!.Name!], ct));
        }
        if (d.Spec?.Paused == true) await CleanUpAsync(d, all.Where(rs => rs != newRs).ToList(), ct);
        return await SyncStatusAsync(d, all, newRs, rollout: false, ct);
    }

    private static bool IsSaturated(Deployment d, ReplicaSet rs) =>
        RolloutMath.Replicas(rs) == RolloutMath.Replicas(d) && (rs.Status?.AvailableReplicas ?? 0) == RolloutMath.Replicas(d)
        && rs.Metadata?.Annotations?.TryGetValue(DeploymentAnnotations.DesiredReplicas, out var desired) == true
        && desired == RolloutMath.Replicas(d).ToString(CultureInfo.InvariantCulture);

    private async Task<ReconcileResult> RollingAsync(Deployment d, List<ReplicaSet> all, CancellationToken ct)
    {
        var (newRs, created) = await GetOrCreateNewAsync(d, all, ct);
        if (newRs is null) return ReconcileResult.Retry;
        all = Replace(all, newRs);
        if (!all.Contains(newRs)) all.Add(newRs);

        var target = RolloutMath.NewReplicaSetReplicas(d, all, newRs);
        if (target != RolloutMath.Replicas(newRs))
        {
            var scaled = await ScaleAsync(d, newRs, target, ct);
            return await SyncStatusAsync(d, Replace(all, scaled), scaled, rollout: true, ct, created);
        }

        var old = all.Where(rs => rs != newRs).ToList();
        var sizes = RolloutMath.ScaleDownOld(d, all, old, newRs);
        var scaledDown = false;
        foreach (var rs in old)
        {
            if (sizes[rs.Metadata!.Name!] == RolloutMath.Replicas(rs)) continue;
            all = Replace(all, await ScaleAsync(d, rs, sizes[rs.Metadata.Name!], ct));
            scaledDown = true;
        }
        if (!scaledDown && DeploymentStatusRules.IsComplete(d, DeploymentStatusRules.Calculate(d, all, newRs, _time.GetUtcNow())))
            await CleanUpAsync(d, old, ct);
        return await SyncStatusAsync(d, all, newRs, rollout: true, ct, created);
    }

    private async Task<ReconcileResult> RecreateAsync(Deployment d, List<ReplicaSet> all, CancellationToken ct)
    {
        var newRs = ReplicaSetHistory.FindNew(d, all);
        var old = all.Where(rs => rs != newRs).ToList();
        var scaledDown = false;
        foreach (var rs in old.Where(rs => RolloutMath.Replicas(rs) > 0).ToList())
        {
            all = Replace(all, await ScaleAsync(d, rs, 0, ct));
            scaledDown = true;
        }
        if (scaledDown || OldPodsRunning(d, old)) return await SyncStatusAsync(d, all, newRs, rollout: true, ct);

        var (current, created) = await GetOrCreateNewAsync(d, all, ct);
        if (current is null) return ReconcileResult.Retry;
        all = Replace(all, current);
        if (!all.Contains(current)) all.Add(current);
        if (RolloutMath.Replicas(current) != RolloutMath.Replicas(d)) all = Replace(all, current = await ScaleAsync(d, current, RolloutMath.Replicas(d), ct));
        if (DeploymentStatusRules.IsComplete(d, DeploymentStatusRules.Calculate(d, all, current, _time.GetUtcNow()))) await CleanUpAsync(d, old, ct);
        return await SyncStatusAsync(d, all, current, rollout: true, ct, created);
    }

    /// <summary>Recreate waits until no pod of an old ReplicaSet exists, other than finished ones.</summary>
    private bool OldPodsRunning(Deployment d, IReadOnlyList<ReplicaSet> old)
    {
        if (old.Any(rs => (rs.Status?.Replicas ?? 0) > 0)) return true;
        var uids = old.Select(rs => rs.Metadata!.Uid!).ToHashSet(StringComparer.Ordinal);
        return _cache.List<Pod>(d.Metadata!.Namespace).Any(p =>
            OwnerReferences.ControllerOf(p)?.Uid is { } uid && uids.Contains(uid) && p.Status?.Phase is not ("Succeeded" or "Failed"));
    }

    /// <summary>The new ReplicaSet, created (sized by the surge rules) when missing; null after a name collision (retried).</summary>
    private async Task<(ReplicaSet? NewRs, bool Created)> GetOrCreateNewAsync(Deployment d, List<ReplicaSet> all, CancellationToken ct)
    {
        if (ReplicaSetHistory.FindNew(d, all) is { } existing) return (await EnsureNewAnnotationsAsync(d, all, existing, ct), false);
        var revision = ReplicaSetHistory.MaxRevision(all) + 1;
        var zero = ReplicaSetHistory.New(d, revision, 0);
        var desired = ReplicaSetHistory.New(d, revision, RolloutMath.NewReplicaSetReplicas(d, all, zero));
        try
        {
            var created = await _client.CreateAsync(desired, ct: ct);
            _events.Normal(d, "ScalingReplicaSet", $"Scaled up replica set {created.Metadata!.Name} from 0 to {RolloutMath.Replicas(created)}");
            await SetDeploymentRevisionAsync(d, revision, ct);
            return (created, true);
        }
        catch (AlreadyExistsException)
        {
            var clash = await _client.FindAsync<ReplicaSet>(ObjectKey.Of(desired), ct);
            if (clash is not null && OwnerReferences.ControllerOf(clash)?.Uid == d.Metadata!.Uid && TemplateHash.EqualIgnoringHash(clash.Spec?.Template, d.Spec?.Template))
                return (clash, false);
            // Another object holds the hash's name: count the collision so the next hash differs.
            var count = (d.Status?.CollisionCount ?? 0) + 1;
            await _client.UpdateStatusAsync(d with { Status = (d.Status ?? new DeploymentStatus()) with { CollisionCount = count } }, ct: ct);
            LogCollision(_log, d.Metadata!.Namespace!, d.Metadata.Name!, desired.Metadata!.Name!, count);
            return (null, false);
        }
    }

    /// <summary>A reused or current new ReplicaSet gets the newest revision (its size annotations change only when it is scaled).</summary>
    private async Task<ReplicaSet> EnsureNewAnnotationsAsync(Deployment d, IReadOnlyList<ReplicaSet> all, ReplicaSet newRs, CancellationToken ct)
    {
        var maxOld = ReplicaSetHistory.MaxRevision(all.Where(rs => rs != newRs));
        var revision = Math.Max(ReplicaSetHistory.Revision(newRs), maxOld + 1);
        var annotations = ReplicaSetHistory.Annotations(d, newRs.Metadata?.Annotations, revision, maxSurge: null);
        var sameAnnotations = newRs.Metadata?.Annotations is { } current && current.Count == annotations.Count && annotations.All(kv => current.TryGetValue(kv.Key, out var v) && v == kv.Value);
        if (!sameAnnotations || newRs.Spec?.MinReadySeconds != d.Spec?.MinReadySeconds)
        {
            newRs = await _client.UpdateAsync(newRs with
            {
                Metadata = newRs.Metadata! with { Annotations = annotations },
                Spec = newRs.Spec! with { MinReadySeconds = d.Spec?.MinReadySeconds },
            }, ct: ct);
        }
        await SetDeploymentRevisionAsync(d, revision, ct);
        return newRs;
    }

    private async Task SetDeploymentRevisionAsync(Deployment d, long revision, CancellationToken ct)
    {
        var text = revision.ToString(CultureInfo.InvariantCulture);
        if (d.Metadata?.Annotations?.TryGetValue(DeploymentAnnotations.Revision, out var current) == true && current == text) return;
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [DeploymentAnnotations.Revision] = text } } };
        await _client.PatchAsync<Deployment>(ObjectKey.Of(d), Patch.Merge(patch.ToJsonString()), ct: ct);
    }

    private async Task<ReplicaSet> ScaleAsync(Deployment d, ReplicaSet rs, int replicas, CancellationToken ct)
    {
        var (surge, _) = RolloutMath.Fenceposts(d);
        var annotations = new Dictionary<string, string>(rs.Metadata?.Annotations ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [DeploymentAnnotations.DesiredReplicas] = RolloutMath.Replicas(d).ToString(CultureInfo.InvariantCulture),
            [DeploymentAnnotations.MaxReplicas] = (RolloutMath.Replicas(d) + surge).ToString(CultureInfo.InvariantCulture),
        };
        var from = RolloutMath.Replicas(rs);
        var sameAnnotations = rs.Metadata?.Annotations is { } current && annotations.All(kv => current.TryGetValue(kv.Key, out var v) && v == kv.Value);
        if (from == replicas && sameAnnotations) return rs;
        var updated = await _client.UpdateAsync(rs with { Metadata = rs.Metadata! with { Annotations = annotations }, Spec = rs.Spec! with { Replicas = replicas } }, ct: ct);
        if (from != replicas)
            _events.Normal(d, "ScalingReplicaSet", $"Scaled {(replicas > from ? "up" : "down")} replica set {rs.Metadata!.Name} from {from} to {replicas}");
        return updated;
    }

    private async Task CleanUpAsync(Deployment d, IReadOnlyList<ReplicaSet> old, CancellationToken ct)
    {
        foreach (var rs in ReplicaSetHistory.ToCleanUp(d, old))
        {
            try
            {
                await _client.DeleteAsync<ReplicaSet>(ObjectKey.Of(rs), ct: ct);
            }
            catch (NotFoundException)
            {
            }
        }
    }

    private async Task<ReconcileResult> SyncStatusAsync(Deployment d, IReadOnlyList<ReplicaSet> all, ReplicaSet? newRs, bool rollout, CancellationToken ct, bool created = false)
    {
        var now = _time.GetUtcNow();
        var status = DeploymentStatusRules.Calculate(d, all, newRs, now);
        status = DeploymentStatusRules.WithPauseCondition(d, status, now);
        if (created && newRs is not null && DeploymentStatusRules.HasProgressDeadline(d))
            status = DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.NewReplicaSetCreated, $"Created new replica set \"{newRs.Metadata!.Name}\"", now));
        if (rollout && d.Spec?.Paused != true) status = DeploymentStatusRules.WithRolloutConditions(d, status, all, newRs, now);
        if (!DeploymentStatusRules.Same(d.Status, status)) await _client.UpdateStatusAsync(d with { Status = status }, ct: ct);
        return rollout && DeploymentStatusRules.UntilDeadline(d, status, now) is { } wait ? ReconcileResult.After(wait) : ReconcileResult.Done;
    }

    private static List<ReplicaSet> Replace(List<ReplicaSet> all, ReplicaSet? updated)
    {
        if (updated is null) return all;
        var index = all.FindIndex(rs => rs.Metadata?.Uid == updated.Metadata?.Uid);
        if (index >= 0) all[index] = updated;
        return all;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "deployment {Namespace}/{Name}: replica set name {ReplicaSet} is taken; collision count now {Count}")]
    private static partial void LogCollision(ILogger logger, string @namespace, string name, string replicaSet, int count);
}
