using Cluster.Controllers.Scheduling.Framework;

namespace Cluster.Controllers.Scheduling.Preemption;

/// <summary>
/// Upstream's PodEligibleToPreemptOthers: a pod with preemptionPolicy Never does not preempt; nor does a pod that
/// already preempted and waits on its nominated node while a lower-priority victim there is still terminating
/// because of preemption, unless the filters found that node unresolvably unfit, in which case it may preempt again.
/// </summary>
public static class PreemptionEligibility
{
    public const string PolicyNever = "not eligible due to preemptionPolicy=Never.";
    public const string TerminatingVictim = "not eligible due to a terminating pod on the nominated node.";

    /// <summary>Null when <paramref name="pod"/> may preempt; otherwise why not (upstream's wording).</summary>
    public static string? Check(PodInfo pod, FitError fitError, Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(fitError);
        ArgumentNullException.ThrowIfNull(snapshot);
        if (pod.Pod.Spec?.PreemptionPolicy == "Never") return PolicyNever;
        if (pod.Pod.Status?.NominatedNodeName is not { Length: > 0 } nominated) return null;
        if (fitError.NodeResults.TryGetValue(nominated, out var result) && result.Unresolvable) return null;
        if (snapshot.Get(nominated) is not { } node) return null;
        foreach (var other in node.Pods)
            if (other.Priority < pod.Priority && PreemptionConditions.IsTerminatingByPreemption(other.Pod)) return TerminatingVictim;
        return null;
    }
}
