using Cluster.Controllers.Scheduling.Framework;

namespace Cluster.Controllers.Scheduling.Plugins;

/// <summary>
/// Upstream's PodTopologySpread for the pod's own constraints (cluster-level default constraints are not applied).
/// Filter (DoNotSchedule): a node lacking a constraint's key is rejected (unresolvable); otherwise the matching pods in
/// the node's domain, plus the pod if it matches, minus the smallest domain count (0 while fewer than minDomains
/// domains exist) must stay within maxSkew. Domains and counts come from nodes with every key that pass the
/// nodeAffinityPolicy (default Honor) and nodeTaintsPolicy (default Ignore). Score (ScheduleAnyway): fewer matching
/// pods in the node's domains is better, weighted per constraint by log(domains + 2), normalised to 0..100.
/// </summary>
public sealed class PodTopologySpreadPlugin : IPreFilterPlugin, IFilterPlugin, IScorePlugin
{
    public const string Reason = "node(s) didn't match pod topology spread constraints";
    public const string MissingLabelReason = Reason + " (missing required label)";

    private const string FilterKey = "PodTopologySpread/filter";
    private const string ScoreKey = "PodTopologySpread/score";
    private static readonly FilterResult Rejected = FilterResult.Unschedulable(Reason);
    private static readonly FilterResult MissingLabel = FilterResult.UnresolvableBy(MissingLabelReason);

    public string Name => "PodTopologySpread";

    public FilterResult PreFilter(CycleState state, PodInfo pod, Snapshot snapshot)
    {
        var constraints = SpreadConstraint.Of(pod, "DoNotSchedule");
        if (constraints.Length == 0) return FilterResult.Fits;
        var counts = new PodTopologySpreadFilterState(constraints);
        if (CountsKeptBySnapshot(pod, constraints, snapshot)) ReadKeptCounts(pod, constraints, snapshot, counts);
        else CountMatchingPods(pod, constraints, snapshot, counts);
        for (var i = 0; i < constraints.Length; i++)
        {
            var domains = counts.Counts[i];
            counts.MinCounts[i] = domains.Count < constraints[i].MinDomains || domains.Count == 0 ? 0 : domains.Values.Min();
            counts.SelfMatches[i] = constraints[i].Selector.Matches(pod.Labels);
        }
        state.Write(FilterKey, counts);
        return FilterResult.Fits;
    }

    /// <summary>
    /// Whether the snapshot's counts give the same domains and counts as walking the nodes: every node with the keys
    /// is included (no node affinity or taints policy narrows them) and a node has all keys whenever it has one.
    /// </summary>
    private static bool CountsKeptBySnapshot(PodInfo pod, SpreadConstraint[] constraints, Snapshot snapshot)
    {
        var spec = pod.Pod.Spec;
        var nodeConstraints = spec?.NodeSelector is { Count: > 0 } || spec?.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution is not null;
        foreach (var c in constraints)
            if (c.HonorTaints || (c.HonorNodeAffinity && nodeConstraints)) return false;
        if (constraints.Length == 1) return true;
        foreach (var c in constraints)
            if (snapshot.Topology.NodesPerDomain(c.TopologyKey).Values.Sum() != snapshot.Nodes.Count) return false;
        return true;
    }

    private static void ReadKeptCounts(PodInfo pod, SpreadConstraint[] constraints, Snapshot snapshot, PodTopologySpreadFilterState counts)
    {
        for (var i = 0; i < constraints.Length; i++)
        {
            var c = constraints[i];
            var selected = c.Selector.IsEverything || c.Selector.IsNothing
                ? null
                : snapshot.Topology.Selected([new AffinityTerm(c.Selector, new HashSet<string>([pod.Namespace], StringComparer.Ordinal), null, c.TopologyKey, 1)], c.TopologyKey, liveOnly: true);
            foreach (var domain in snapshot.Topology.NodesPerDomain(c.TopologyKey).Keys)
                counts.Counts[i][domain] = selected?.GetValueOrDefault(domain) ?? 0;
        }
    }

    private static void CountMatchingPods(PodInfo pod, SpreadConstraint[] constraints, Snapshot snapshot, PodTopologySpreadFilterState counts)
    {
        foreach (var node in snapshot.Nodes)
        {
            if (!SpreadConstraint.NodeHasAllKeys(node, constraints)) continue;
            for (var i = 0; i < constraints.Length; i++)
            {
                var c = constraints[i];
                if (!c.Includes(pod, node)) continue;
                var value = node.Labels![c.TopologyKey];
                counts.Counts[i][value] = counts.Counts[i].GetValueOrDefault(value) + c.CountMatching(node, pod.Namespace);
            }
        }
    }

    public FilterResult Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        if (state.Read<PodTopologySpreadFilterState>(FilterKey) is not { } s) return FilterResult.Fits;
        for (var i = 0; i < s.Constraints.Length; i++)
        {
            var c = s.Constraints[i];
            if (!NodeLabels.TryGet(node, c.TopologyKey, out var value)) return MissingLabel;
            var skew = (long)s.Counts[i].GetValueOrDefault(value) + (s.SelfMatches[i] ? 1 : 0) - s.MinCounts[i];
            if (skew > c.MaxSkew) return Rejected;
        }
        return FilterResult.Fits;
    }

    public bool PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, Snapshot snapshot)
    {
        var constraints = SpreadConstraint.Of(pod, "ScheduleAnyway");
        if (constraints.Length == 0 || nodes.Count == 0) return false;
        var s = new PodTopologySpreadScoreState(constraints);
        var domains = new int[constraints.Length];
        s.IgnoredAt = new bool[nodes.Count];
        for (var n = 0; n < nodes.Count; n++)
        {
            var node = nodes[n];
            if (!SpreadConstraint.NodeHasAllKeys(node, constraints))
            {
                s.Ignored.Add(node.Name);
                s.IgnoredAt[n] = true;
                continue;
            }
            for (var i = 0; i < constraints.Length; i++)
            {
                if (constraints[i].TopologyKey == SpreadConstraint.HostnameKey) continue;
                if (s.Counts.TryAdd(new TopologyPair(constraints[i].TopologyKey, node.Labels![constraints[i].TopologyKey]), 0)) domains[i]++;
            }
        }
        for (var i = 0; i < constraints.Length; i++)
            s.Weights[i] = Math.Log((constraints[i].TopologyKey == SpreadConstraint.HostnameKey ? nodes.Count - s.Ignored.Count : domains[i]) + 2);
        foreach (var node in snapshot.Nodes)
        {
            if (!SpreadConstraint.NodeHasAllKeys(node, constraints)) continue;
            foreach (var c in constraints)
            {
                if (c.TopologyKey == SpreadConstraint.HostnameKey || !c.Includes(pod, node)) continue;
                var pair = new TopologyPair(c.TopologyKey, node.Labels![c.TopologyKey]);
                if (s.Counts.TryGetValue(pair, out var count)) s.Counts[pair] = count + c.CountMatching(node, pod.Namespace);
            }
        }
        state.Write(ScoreKey, s);
        return true;
    }

    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        if (state.Read<PodTopologySpreadScoreState>(ScoreKey) is not { } s || s.Ignored.Contains(node.Name)) return 0;
        double score = 0;
        for (var i = 0; i < s.Constraints.Length; i++)
        {
            var c = s.Constraints[i];
            if (!NodeLabels.TryGet(node, c.TopologyKey, out var value)) continue;
            long count = c.TopologyKey == SpreadConstraint.HostnameKey ? c.CountMatching(node, pod.Namespace) : s.Counts.GetValueOrDefault(new TopologyPair(c.TopologyKey, value));
            score += count * s.Weights[i] + (c.MaxSkew - 1);
        }
        return (long)Math.Round(score, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// Fewer is better: reversed against the highest score; nodes without the keys score 0 and, as upstream, take no
    /// part in the minimum and maximum.
    /// </summary>
    public void Normalize(CycleState state, PodInfo pod, Span<long> scores)
    {
        if (state.Read<PodTopologySpreadScoreState>(ScoreKey) is not { } s)
        {
            scores.Clear();
            return;
        }
        long min = long.MaxValue, max = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (s.IgnoredAt[i]) continue;
            min = Math.Min(min, scores[i]);
            max = Math.Max(max, scores[i]);
        }
        for (var i = 0; i < scores.Length; i++)
            scores[i] = s.IgnoredAt[i] ? 0 : max == 0 ? ScoreNormalization.MaxNodeScore : ScoreNormalization.MaxNodeScore * (max + min - scores[i]) / max;
    }
}
