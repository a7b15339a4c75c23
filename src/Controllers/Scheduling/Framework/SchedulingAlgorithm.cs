namespace Cluster.Controllers.Scheduling.Framework;

/// <summary>
/// Upstream's scheduling algorithm for one pod: PreFilter, then Filter nodes starting where the previous pod's scan
/// stopped until enough feasible ones are found (all of them on small clusters, an adaptive percentage on large
/// ones), then Score them, weight and sum, and pick a top-scoring node at random. Not thread-safe: one cycle at a
/// time, as upstream schedules one pod at a time.
/// </summary>
public sealed class SchedulingAlgorithm(SchedulerProfile profile, Random? random = null)
{
    private const int MinFeasibleNodesToFind = 100;
    private const int MinFeasibleNodesPercentageToFind = 5;

    private readonly Random _random = random ?? new Random();
    private readonly IFilterPlugin[] _filters = [.. profile.Filters];
    private readonly (IScorePlugin Plugin, int Weight)[] _scores = [.. profile.Scores];
    private int _nextStartNodeIndex;

    public SchedulerProfile Profile => profile;

    /// <summary>
    /// Pods nominated to a node by an earlier preemption (the queue's nominator). A pod being filtered must leave
    /// room for nominated pods of at least its priority, so the filters run with them counted, then without.
    /// </summary>
    public Func<string, IReadOnlyList<Api.Core.V1.Pod>>? NominatedPods { get; init; }

    /// <summary>Whether any pod is nominated at all; when false, a cycle skips asking <see cref="NominatedPods"/> per node.</summary>
    public Func<bool>? AnyNominatedPods { get; init; }

    /// <summary>How many feasible nodes to find before scoring, as upstream's numFeasibleNodesToFind.</summary>
    public static int NumFeasibleNodesToFind(int percentageOfNodesToScore, int numAllNodes)
    {
        if (numAllNodes < MinFeasibleNodesToFind) return numAllNodes;
        var percentage = percentageOfNodesToScore;
        if (percentage <= 0)
        {
            percentage = 50 - numAllNodes / 125;
            if (percentage < MinFeasibleNodesPercentageToFind) percentage = MinFeasibleNodesPercentageToFind;
        }
        if (percentage >= 100) return numAllNodes;
        var count = (int)((long)numAllNodes * percentage / 100);
        return count < MinFeasibleNodesToFind ? MinFeasibleNodesToFind : count;
    }

    public ScheduleResult Schedule(PodInfo pod, Snapshot snapshot)
    {
        var nodes = snapshot.Nodes;
        var state = new CycleState();
        if (nodes.Count == 0) return new ScheduleResult(null, 0, 0, new FitError(0));
        foreach (var plugin in profile.PreFilters)
        {
            var result = plugin.PreFilter(state, pod, snapshot);
            if (result.IsSuccess) continue;
            var error = new FitError(nodes.Count) { PreFilterMessage = string.Join(", ", result.Reasons ?? []) };
            foreach (var node in nodes) error.Record(plugin.Name, node.Name, result);
            return new ScheduleResult(null, 0, 0, error);
        }

        var (feasible, evaluated, fitError) = FindFeasible(state, pod, nodes);
        if (feasible.Count == 0) return new ScheduleResult(null, evaluated, 0, fitError ?? new FitError(nodes.Count));
        if (feasible.Count == 1) return new ScheduleResult(feasible[0].Name, evaluated, 1, null);
        return new ScheduleResult(SelectHost(feasible, ScoreNodes(state, pod, feasible, snapshot)), evaluated, feasible.Count, null);
    }

    /// <summary>Runs every filter on one node (the first failure decides), as preemption does for its what-ifs.</summary>
    public FilterResult RunFilters(CycleState state, PodInfo pod, NodeInfo node, out string? failedPlugin)
    {
        foreach (var plugin in _filters)
        {
            var result = plugin.Filter(state, pod, node);
            if (result.IsSuccess) continue;
            failedPlugin = plugin.Name;
            return result;
        }
        failedPlugin = null;
        return FilterResult.Fits;
    }

    /// <summary>Upstream's RunFilterPluginsWithNominatedPods: the node must fit the pod with higher-or-equal nominated pods on it, and without them.</summary>
    private FilterResult RunFiltersWithNominated(CycleState state, PodInfo pod, NodeInfo node, out string? failedPlugin)
    {
        if (NominatedPods?.Invoke(node.Name) is { Count: > 0 } nominated && Preemption.NominatedPods.AnyCounts(nominated, pod))
        {
            var clone = node.Clone();
            Preemption.NominatedPods.AddTo(clone, nominated, pod);
            var withNominated = RunFilters(state, pod, clone, out failedPlugin);
            if (!withNominated.IsSuccess) return withNominated;
        }
        return RunFilters(state, pod, node, out failedPlugin);
    }

    private (List<NodeInfo> Feasible, int Evaluated, FitError? Error) FindFeasible(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes)
    {
        var wanted = NumFeasibleNodesToFind(profile.PercentageOfNodesToScore, nodes.Count);
        var feasible = new List<NodeInfo>(Math.Min(wanted, 1024));
        // Rejections are noted cheaply and made into a FitError only when no node fits (it is dropped otherwise).
        List<(string Plugin, string Node, FilterResult Result)>? rejected = null;
        var start = _nextStartNodeIndex % nodes.Count;
        var evaluated = 0;
        var nominated = NominatedPods is not null && AnyNominatedPods?.Invoke() != false;
        for (; evaluated < nodes.Count && feasible.Count < wanted; evaluated++)
        {
            var node = nodes[(start + evaluated) % nodes.Count];
            string? plugin;
            var result = nominated ? RunFiltersWithNominated(state, pod, node, out plugin) : RunFilters(state, pod, node, out plugin);
            if (result.IsSuccess) feasible.Add(node);
            else if (feasible.Count == 0) (rejected ??= []).Add((plugin!, node.Name, result));
        }
        _nextStartNodeIndex = (start + evaluated) % nodes.Count;
        if (feasible.Count > 0 || rejected is null) return (feasible, evaluated, null);
        var error = new FitError(nodes.Count);
        foreach (var (plugin, node, result) in rejected) error.Record(plugin, node, result);
        return (feasible, evaluated, error);
    }

    private long[] ScoreNodes(CycleState state, PodInfo pod, List<NodeInfo> feasible, Snapshot snapshot)
    {
        var total = new long[feasible.Count];
        var scores = new long[feasible.Count];
        foreach (var (plugin, weight) in _scores)
        {
            // A plugin that scores every node the same adds the same to each: skipping it leaves the choice as it is.
            if (!plugin.PreScore(state, pod, feasible, snapshot)) continue;
            for (var i = 0; i < feasible.Count; i++) scores[i] = plugin.Score(state, pod, feasible[i]);
            plugin.Normalize(state, pod, scores);
            for (var i = 0; i < feasible.Count; i++) total[i] += scores[i] * weight;
        }
        return total;
    }

    /// <summary>A node with the highest score; ties broken uniformly at random (reservoir sampling, as upstream).</summary>
    private string SelectHost(List<NodeInfo> feasible, long[] scores)
    {
        var best = 0;
        var ties = 1;
        for (var i = 1; i < feasible.Count; i++)
        {
            if (scores[i] > scores[best])
            {
                best = i;
                ties = 1;
            }
            else if (scores[i] == scores[best] && _random.Next(++ties) == 0)
            {
                best = i;
            }
        }
        return feasible[best].Name;
    }
}
