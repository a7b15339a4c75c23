using Cluster.Controllers.Scheduling.Plugins;

namespace Cluster.Controllers.Scheduling.Framework;

/// <summary>
/// The plugins one scheduler runs, in order, with score weights; <see cref="Default"/> is upstream's default profile
/// (weights: TaintToleration 3, NodeAffinity 2, InterPodAffinity 2, PodTopologySpread 2, NodeResourcesFit 1,
/// NodeResourcesBalancedAllocation 1).
/// </summary>
public sealed record SchedulerProfile(
    IReadOnlyList<IPreFilterPlugin> PreFilters,
    IReadOnlyList<IFilterPlugin> Filters,
    IReadOnlyList<(IScorePlugin Plugin, int Weight)> Scores)
{
    /// <summary>Percentage of nodes to find feasible before scoring; 0 for upstream's adaptive percentage.</summary>
    public int PercentageOfNodesToScore { get; init; }

    public static SchedulerProfile Default(IReadOnlyDictionary<string, int>? weights = null)
    {
        var fit = new NodeResourcesFitPlugin();
        var taints = new TaintTolerationPlugin();
        var affinity = new NodeAffinityPlugin();
        var spread = new PodTopologySpreadPlugin();
        var podAffinity = new InterPodAffinityPlugin();
        var scores = new List<(IScorePlugin, int)>
        {
            (taints, 3),
            (affinity, 2),
            (spread, 2),
            (podAffinity, 2),
            (fit, 1),
            (new BalancedAllocationPlugin(), 1),
        };
        if (weights is not null)
            scores = [.. scores.Select(s => (s.Item1, weights.TryGetValue(s.Item1.Name, out var w) ? w : s.Item2)).Where(s => s.Item2 > 0)];
        return new SchedulerProfile(
            [spread, podAffinity],
            [new NodeUnschedulablePlugin(), new NodeNamePlugin(), taints, affinity, new NodePortsPlugin(), fit, spread, podAffinity],
            scores);
    }

}
