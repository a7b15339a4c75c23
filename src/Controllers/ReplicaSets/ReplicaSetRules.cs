using Cluster.Api.Apps.V1;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using LabelSelector = Cluster.Api.Selectors.LabelSelector;
using Cluster.Controllers.Common;
using Cluster.Runtime.Ownership;

namespace Cluster.Controllers.ReplicaSets;

/// <summary>The ReplicaSet controller's decisions, as pure functions of the cached state (upstream's replica_set.go).</summary>
public static class ReplicaSetRules
{
    /// <summary>Upstream's burstReplicas: at most this many creations or deletions per sync.</summary>
    public const int BurstReplicas = 500;

    /// <summary>The pods a ReplicaSet controls once it has adopted matching orphans and released pods that stopped matching.</summary>
    public sealed record Claim(IReadOnlyList<Pod> Owned, IReadOnlyList<Pod> Adopt, IReadOnlyList<Pod> Release);

    /// <summary>
    /// Upstream's ClaimPods: a pod controlled by the ReplicaSet stays if it still matches, else is released; an orphan
    /// that matches is adopted unless the ReplicaSet is being deleted; pods controlled by others are never touched.
    /// </summary>
    public static Claim ClaimPods(ReplicaSet rs, LabelSelector selector, IEnumerable<Pod> pods)
    {
        var uid = rs.Metadata?.Uid;
        var deleting = rs.Metadata?.DeletionTimestamp is not null;
        List<Pod> owned = [], adopt = [], release = [];
        foreach (var pod in pods)
        {
            var controller = OwnerReferences.ControllerOf(pod);
            var matches = selector.Matches(pod.Metadata?.Labels);
            if (controller is not null)
            {
                if (controller.Uid != uid) continue;
                if (matches) owned.Add(pod);
                else if (pod.Metadata?.DeletionTimestamp is null) release.Add(pod);
            }
            else if (matches && !deleting && pod.Metadata?.DeletionTimestamp is null)
            {
                adopt.Add(pod);
            }
        }
        return new Claim(owned, adopt, release);
    }

    /// <summary>Pods to create (positive) or delete (negative) to reach the desired count, at most <see cref="BurstReplicas"/>.</summary>
    public static int Diff(ReplicaSet rs, int active) =>
        Math.Clamp((rs.Spec?.Replicas ?? 1) - active, -BurstReplicas, BurstReplicas);

    /// <summary>Upstream's slowStartBatch sizes: 1, 2, 4, ... until <paramref name="total"/> is reached.</summary>
    public static IEnumerable<int> SlowStartBatches(int total, int initial = 1)
    {
        var remaining = total;
        for (var size = Math.Min(initial, total); remaining > 0; size = Math.Min(2 * size, remaining))
        {
            yield return size;
            remaining -= size;
        }
    }

    /// <summary>
    /// The <paramref name="count"/> pods to delete first (<see cref="PodDeletionOrder"/>); <paramref name="related"/>
    /// are the active pods of this and its sibling ReplicaSets, for the doubled-up rank.
    /// </summary>
    public static IReadOnlyList<Pod> PodsToDelete(IReadOnlyList<Pod> active, int count, IEnumerable<Pod> related, DateTimeOffset now)
    {
        if (count >= active.Count) return active;
        var perNode = related
            .Where(p => !string.IsNullOrEmpty(p.Spec?.NodeName))
            .GroupBy(p => p.Spec!.NodeName!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return [.. active.Order(new PodDeletionOrder(perNode, now)).Take(count)];
    }

    /// <summary>A new pod from the template, controlled by <paramref name="rs"/>; the server picks the name's suffix.</summary>
    public static Pod NewPod(ReplicaSet rs)
    {
        var template = rs.Spec?.Template;
        var meta = template?.Metadata;
        return new Pod
        {
            Metadata = new ObjectMeta
            {
                GenerateName = $"{rs.Metadata!.Name}-",
                Namespace = rs.Metadata.Namespace,
                Labels = meta?.Labels,
                Annotations = meta?.Annotations,
                Finalizers = meta?.Finalizers,
                OwnerReferences = [OwnerReferences.ControllerReference(rs)],
            },
            Spec = template?.Spec,
        };
    }

    /// <summary>Upstream's calculateStatus: counts of the controlled active pods and the ReplicaFailure condition.</summary>
    public static ReplicaSetStatus Status(ReplicaSet rs, IReadOnlyList<Pod> active, DateTimeOffset now, ManageFailure? failure)
    {
        var templateLabels = rs.Spec?.Template?.Metadata?.Labels;
        var fullyLabeled = templateLabels is null ? active.Count : active.Count(p => templateLabels.All(kv => p.Metadata?.Labels?.TryGetValue(kv.Key, out var v) == true && v == kv.Value));
        var minReady = rs.Spec?.MinReadySeconds ?? 0;
        var conditions = (rs.Status?.Conditions ?? []).Where(c => c.Type != "ReplicaFailure").ToList();
        var existing = rs.Status?.Conditions?.FirstOrDefault(c => c.Type == "ReplicaFailure");
        if (failure is not null)
        {
            conditions.Add(existing is not null && existing.Reason == failure.Reason && existing.Message == failure.Message
                ? existing
                : new ReplicaSetCondition { Type = "ReplicaFailure", Status = "True", Reason = failure.Reason, Message = failure.Message, LastTransitionTime = now });
        }
        else if (existing is not null && active.Count < (rs.Spec?.Replicas ?? 1))
        {
            conditions.Add(existing); // upstream keeps the failure until the ReplicaSet is whole again
        }
        return new ReplicaSetStatus
        {
            Replicas = active.Count,
            FullyLabeledReplicas = fullyLabeled,
            ReadyReplicas = active.Count(PodConditions.IsReady),
            AvailableReplicas = active.Count(p => PodConditions.IsAvailable(p, minReady, now)),
            ObservedGeneration = rs.Metadata?.Generation,
            Conditions = conditions.Count == 0 ? null : conditions,
        };
    }

    /// <summary>Whether two statuses say the same (conditions compared by content).</summary>
    public static bool SameStatus(ReplicaSetStatus? a, ReplicaSetStatus b) =>
        a is not null && a.Replicas == b.Replicas && a.FullyLabeledReplicas == b.FullyLabeledReplicas && a.ReadyReplicas == b.ReadyReplicas
        && a.AvailableReplicas == b.AvailableReplicas && a.ObservedGeneration == b.ObservedGeneration
        && (a.Conditions ?? []).SequenceEqual(b.Conditions ?? []);

    /// <summary>When a ready pod becomes available (ready for minReadySeconds), so the status can be updated then.</summary>
    public static TimeSpan? NextAvailability(ReplicaSet rs, IReadOnlyList<Pod> active, DateTimeOffset now)
    {
        var minReady = rs.Spec?.MinReadySeconds ?? 0;
        if (minReady == 0) return null;
        TimeSpan? next = null;
        foreach (var pod in active)
        {
            if (!PodConditions.IsReady(pod) || PodConditions.IsAvailable(pod, minReady, now)) continue;
            var at = PodConditions.Ready(pod)?.LastTransitionTime?.AddSeconds(minReady) - now;
            if (at is { } wait && (next is null || wait < next)) next = wait;
        }
        return next;
    }
}

/// <summary>Why creating or deleting pods failed, for the ReplicaFailure condition.</summary>
public sealed record ManageFailure(string Reason, string Message);
