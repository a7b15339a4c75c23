using Cluster.Api.Core.V1;

namespace Cluster.Controllers.Scheduling.Preemption;

/// <summary>
/// The DisruptionTarget pod condition with which the scheduler marks a victim before deleting it (as upstream's
/// PreemptPod does), and the test for it that keeps a preemptor from preempting again while its victims terminate.
/// </summary>
public static class PreemptionConditions
{
    public const string DisruptionTarget = "DisruptionTarget";
    public const string PreemptionByScheduler = "PreemptionByScheduler";

    /// <summary>The condition to set on a victim: True, reason PreemptionByScheduler, "&lt;scheduler&gt;: preempting to accommodate a higher priority pod".</summary>
    public static PodCondition For(string schedulerName, DateTimeOffset now) => new()
    {
        Type = DisruptionTarget,
        Status = "True",
        Reason = PreemptionByScheduler,
        Message = $"{schedulerName}: preempting to accommodate a higher priority pod",
        LastTransitionTime = now,
    };

    /// <summary>Whether the pod is being deleted and carries DisruptionTarget=True with reason PreemptionByScheduler.</summary>
    public static bool IsTerminatingByPreemption(Pod pod)
    {
        if (pod.Metadata?.DeletionTimestamp is null) return false;
        var condition = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == DisruptionTarget);
        return condition is { Status: "True", Reason: PreemptionByScheduler };
    }
}
