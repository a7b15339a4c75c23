using Cluster.Api.Apps.V1;
using static Cluster.Controllers.Deployments.DeploymentConditions;

namespace Cluster.Controllers.Deployments;

/// <summary>A Deployment's status from its ReplicaSets (upstream's calculateStatus and syncRolloutStatus).</summary>
public static class DeploymentStatusRules
{
    /// <summary>Counts and the Available condition.</summary>
    public static DeploymentStatus Calculate(Deployment d, IReadOnlyList<ReplicaSet> all, ReplicaSet? newRs, DateTimeOffset now)
    {
        var available = all.Sum(rs => rs.Status?.AvailableReplicas ?? 0);
        var status = new DeploymentStatus
        {
            ObservedGeneration = d.Metadata?.Generation,
            Replicas = all.Sum(rs => rs.Status?.Replicas ?? 0),
            UpdatedReplicas = newRs?.Status?.Replicas ?? 0,
            ReadyReplicas = all.Sum(rs => rs.Status?.ReadyReplicas ?? 0),
            AvailableReplicas = available,
            UnavailableReplicas = Math.Max(0, all.Sum(RolloutMath.Replicas) - available),
            CollisionCount = d.Status?.CollisionCount,
            Conditions = d.Status?.Conditions,
        };
        return available >= RolloutMath.Replicas(d) - RolloutMath.MaxUnavailable(d)
            ? Set(status, New(Available, "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now))
            : Set(status, New(Available, "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", now));
    }

    public static bool HasProgressDeadline(Deployment d) => d.Spec?.ProgressDeadlineSeconds is { } s && s != int.MaxValue;

    /// <summary>Every replica updated and available, none old, and the latest spec observed.</summary>
    public static bool IsComplete(Deployment d, DeploymentStatus s) =>
        s.UpdatedReplicas == RolloutMath.Replicas(d) && s.Replicas == RolloutMath.Replicas(d) && s.AvailableReplicas == RolloutMath.Replicas(d)
        && s.ObservedGeneration >= d.Metadata?.Generation;

    private static bool IsProgressing(Deployment d, DeploymentStatus s)
    {
        var old = d.Status;
        var oldStale = (old?.Replicas ?? 0) - (old?.UpdatedReplicas ?? 0);
        return s.UpdatedReplicas > (old?.UpdatedReplicas ?? 0) || (s.Replicas ?? 0) - (s.UpdatedReplicas ?? 0) < oldStale
            || s.ReadyReplicas > (old?.ReadyReplicas ?? 0) || s.AvailableReplicas > (old?.AvailableReplicas ?? 0);
    }

    private static bool TimedOut(Deployment d, DeploymentStatus s, DateTimeOffset now)
    {
        if (!HasProgressDeadline(d) || Get(s, Progressing) is not { } c) return false;
        if (c.Reason == NewReplicaSetAvailable) return false;
        if (c.Reason == ProgressDeadlineExceeded) return true;
        return c.LastUpdateTime is { } at && at.AddSeconds(d.Spec!.ProgressDeadlineSeconds!.Value) < now;
    }

    /// <summary>syncRolloutStatus: the Progressing condition (complete, progressing, or timed out) and ReplicaFailure.</summary>
    public static DeploymentStatus WithRolloutConditions(Deployment d, DeploymentStatus s, IReadOnlyList<ReplicaSet> all, ReplicaSet? newRs, DateTimeOffset now)
    {
        if (!HasProgressDeadline(d)) s = Remove(s, Progressing);
        var current = Get(s, Progressing);
        var alreadyComplete = s.Replicas == s.UpdatedReplicas && current?.Reason == NewReplicaSetAvailable;
        var subject = newRs is null ? $"Deployment \"{d.Metadata?.Name}\"" : $"ReplicaSet \"{newRs.Metadata?.Name}\"";
        if (HasProgressDeadline(d) && !alreadyComplete)
        {
            if (IsComplete(d, s))
            {
                s = Set(s, New(Progressing, "True", NewReplicaSetAvailable, $"{subject} has successfully progressed.", now));
            }
            else if (IsProgressing(d, s))
            {
                var condition = New(Progressing, "True", ReplicaSetUpdated, $"{subject} is progressing.", now);
                if (current?.Status == "True") condition = condition with { LastTransitionTime = current.LastTransitionTime };
                s = Remove(s, Progressing);
                s = s with { Conditions = [.. s.Conditions ?? [], condition] };
            }
            else if (TimedOut(d, s, now))
            {
                s = Set(s, New(Progressing, "False", ProgressDeadlineExceeded, $"{subject} has timed out progressing.", now));
            }
        }
        var failure = (newRs is null ? all : [newRs, .. all.Where(rs => rs != newRs)])
            .Select(rs => rs.Status?.Conditions?.FirstOrDefault(c => c.Type == ReplicaFailure && c.Status == "True"))
            .FirstOrDefault(c => c is not null);
        return failure is not null
            ? Set(s, New(ReplicaFailure, failure.Status!, failure.Reason ?? "", failure.Message ?? "", failure.LastTransitionTime ?? now))
            : Remove(s, ReplicaFailure);
    }

    /// <summary>When a rollout without progress reaches its deadline (requeueStuckDeployment), or null.</summary>
    public static TimeSpan? UntilDeadline(Deployment d, DeploymentStatus s, DateTimeOffset now)
    {
        if (!HasProgressDeadline(d) || Get(s, Progressing) is not { LastUpdateTime: { } at } c) return null;
        if (c.Reason is NewReplicaSetAvailable or ProgressDeadlineExceeded || IsComplete(d, s)) return null;
        var after = at.AddSeconds(d.Spec!.ProgressDeadlineSeconds!.Value) - now;
        return after < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : after + TimeSpan.FromSeconds(1);
    }

    /// <summary>The Progressing condition of a paused or just resumed deployment (upstream's checkPausedConditions).</summary>
    public static DeploymentStatus WithPauseCondition(Deployment d, DeploymentStatus s, DateTimeOffset now)
    {
        if (!HasProgressDeadline(d)) return s;
        var current = Get(s, Progressing);
        var pausedCondition = current?.Reason == DeploymentPaused;
        if (d.Spec?.Paused == true && !pausedCondition) return Set(s, New(Progressing, "Unknown", DeploymentPaused, "Deployment is paused", now));
        if (d.Spec?.Paused != true && pausedCondition) return Set(s, New(Progressing, "Unknown", DeploymentResumed, "Deployment is resumed", now));
        return s;
    }

    /// <summary>Whether two statuses say the same.</summary>
    public static bool Same(DeploymentStatus? a, DeploymentStatus b) =>
        a is not null && a.ObservedGeneration == b.ObservedGeneration && a.Replicas == b.Replicas && a.UpdatedReplicas == b.UpdatedReplicas
        && a.ReadyReplicas == b.ReadyReplicas && a.AvailableReplicas == b.AvailableReplicas && a.UnavailableReplicas == b.UnavailableReplicas
        && a.CollisionCount == b.CollisionCount && (a.Conditions ?? []).SequenceEqual(b.Conditions ?? []);
}
