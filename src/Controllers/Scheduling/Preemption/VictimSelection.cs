using Cluster.Api.Policy.V1;
using Cluster.Controllers.Scheduling.Framework;

namespace Cluster.Controllers.Scheduling.Preemption;

/// <summary>
/// Upstream's SelectVictimsOnNode: take every pod of lower priority than the preemptor off the node; if the
/// preemptor then fits, put pods back most important first (those whose eviction would break a PodDisruptionBudget
/// before the others) as long as it still fits; whatever cannot come back is a victim.
/// </summary>
internal static class VictimSelection
{
    public const string NoVictims = "No preemption victims found for incoming pod";

    /// <summary>A candidate on the trial's node, or why there is none there (a reason and the plugin that gave it).</summary>
    public static (Candidate? Candidate, FilterResult Failure, string Plugin) Select(NodeTrial trial, PodInfo preemptor, IReadOnlyList<PodDisruptionBudget> pdbs)
    {
        var potential = trial.Node.Pods.Where(p => p.Priority < preemptor.Priority).ToList();
        if (potential.Count == 0) return (null, FilterResult.UnresolvableBy(NoVictims), Evaluator.PluginName);
        foreach (var pod in potential) trial.Remove(pod);
        var (fits, plugin) = trial.Fits();
        if (!fits.IsSuccess) return (null, fits, plugin ?? Evaluator.PluginName);

        var ordered = potential.OrderBy(p => p.Pod, PodImportance.MostImportantFirst).ToList();
        var (violating, nonViolating) = PdbViolations.Split(ordered, pdbs);
        var victims = new List<PodInfo>();
        var numViolating = 0;
        foreach (var pod in violating)
        {
            if (!Reprieve(trial, pod, victims)) numViolating++;
        }
        foreach (var pod in nonViolating) Reprieve(trial, pod, victims);
        if (violating.Count > 0 && nonViolating.Count > 0) victims = [.. victims.OrderBy(p => p.Pod, PodImportance.MostImportantFirst)];
        return (new Candidate(trial.Node.Name, [.. victims.Select(v => v.Pod)], numViolating), FilterResult.Fits, "");
    }

    /// <summary>Puts <paramref name="pod"/> back if the preemptor still fits with it; otherwise it stays off, as a victim.</summary>
    private static bool Reprieve(NodeTrial trial, PodInfo pod, List<PodInfo> victims)
    {
        trial.Add(pod);
        if (trial.Fits().Result.IsSuccess) return true;
        trial.Remove(pod);
        victims.Add(pod);
        return false;
    }
}
