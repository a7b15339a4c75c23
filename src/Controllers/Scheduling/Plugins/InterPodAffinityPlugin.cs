using Cluster.Controllers.Scheduling.Framework;

namespace Cluster.Controllers.Scheduling.Plugins;

/// <summary>
/// Upstream's InterPodAffinity. Filter, in upstream's order: the pod's required affinity (every term must find a
/// matching pod in the node's domain; the first pod of a group, matching its own terms, may go wherever the keys
/// exist), its required anti-affinity, then existing pods' required anti-affinity against it; all from counts per
/// topology domain that the snapshot keeps (<see cref="TopologyIndex"/>), read once in PreFilter. Score: per domain, the weights of preferred terms between the pod and
/// existing pods in both directions (existing pods' required affinity at the hard weight 1), summed over the node's
/// domains and normalised min..max to 0..100. Namespace selectors read <see cref="Snapshot.NamespaceLabels"/>.
/// </summary>
public sealed class InterPodAffinityPlugin(long hardPodAffinityWeight = 1) : IPreFilterPlugin, IFilterPlugin, IScorePlugin
{
    public const string AffinityReason = "node(s) didn't match pod affinity rules";
    public const string AntiAffinityReason = "node(s) didn't match pod anti-affinity rules";
    public const string ExistingAntiAffinityReason = "node(s) didn't satisfy existing pods anti-affinity rules";

    private const string FilterKey = "InterPodAffinity/filter";
    private const string ScoreKey = "InterPodAffinity/score";
    private static readonly FilterResult AffinityRejected = FilterResult.UnresolvableBy(AffinityReason);
    private static readonly FilterResult AntiAffinityRejected = FilterResult.Unschedulable(AntiAffinityReason);
    private static readonly FilterResult ExistingRejected = FilterResult.Unschedulable(ExistingAntiAffinityReason);

    public string Name => "InterPodAffinity";

    public FilterResult PreFilter(CycleState state, PodInfo pod, Snapshot snapshot)
    {
        var counts = new InterPodAffinityState();
        var namespaces = snapshot.NamespaceLabels;
        foreach (var group in snapshot.Topology.RequiredAntiAffinityGroups)
            if (group.Term.Matches(pod, namespaces)) counts.ExistingAntiAffinity.Add(group);
        var affinity = pod.RequiredAffinity;
        var anti = pod.RequiredAntiAffinity;
        if (affinity.Count > 0)
        {
            counts.Affinity = [.. affinity.Select(term => Selected(snapshot, affinity, term.TopologyKey))];
            counts.AnyPodMatchesAffinity = counts.Affinity.Any(c => c.Count > 0);
            counts.PodMatchesOwnAffinity = MatchesAll(affinity, pod, namespaces);
        }
        if (anti.Count > 0) counts.AntiAffinity = [.. anti.Select(term => Selected(snapshot, [term], term.TopologyKey))];
        if (counts.ExistingAntiAffinity.Count > 0 || affinity.Count > 0 || anti.Count > 0) state.Write(FilterKey, counts);
        return FilterResult.Fits;
    }

    public FilterResult Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        if (state.Read<InterPodAffinityState>(FilterKey) is not { } counts) return FilterResult.Fits;
        if (!SatisfiesAffinity(pod, node, counts)) return AffinityRejected;
        // Terms mostly share one topology key (the hostname): the node's value is looked up once per key in a row.
        string? key = null, value = null;
        var anti = pod.RequiredAntiAffinity;
        for (var i = 0; i < counts.AntiAffinity.Length; i++)
            if (DomainOf(node, anti[i].TopologyKey, ref key, ref value) is { } domain && counts.AntiAffinity[i].GetValueOrDefault(domain) > 0)
                return AntiAffinityRejected;
        foreach (var group in counts.ExistingAntiAffinity)
            if (DomainOf(node, group.Term.TopologyKey, ref key, ref value) is { } domain && group.Carriers.GetValueOrDefault(domain) > 0)
                return ExistingRejected;
        return FilterResult.Fits;
    }

    private static string? DomainOf(NodeInfo node, string topologyKey, ref string? lastKey, ref string? lastValue)
    {
        if (!ReferenceEquals(topologyKey, lastKey) && topologyKey != lastKey)
        {
            lastKey = topologyKey;
            lastValue = NodeLabels.TryGet(node, topologyKey, out var found) ? found : null;
        }
        return lastValue;
    }

    private static bool SatisfiesAffinity(PodInfo pod, NodeInfo node, InterPodAffinityState counts)
    {
        var terms = pod.RequiredAffinity;
        if (terms.Count == 0) return true;
        var podsExist = true;
        for (var i = 0; i < terms.Count; i++)
        {
            if (!NodeLabels.TryGet(node, terms[i].TopologyKey, out var value)) return false;
            if (counts.Affinity[i].GetValueOrDefault(value) <= 0) podsExist = false;
        }
        // No pod anywhere matches: the pod that matches its own terms may start the group.
        return podsExist || (!counts.AnyPodMatchesAffinity && counts.PodMatchesOwnAffinity);
    }

    /// <summary>Existing pods that all <paramref name="terms"/> select, per value of <paramref name="topologyKey"/>: kept by the snapshot, or counted here for namespace selectors.</summary>
    private static IReadOnlyDictionary<string, int> Selected(Snapshot snapshot, IReadOnlyList<AffinityTerm> terms, string topologyKey)
    {
        if (TopologyIndex.CanCount(terms)) return snapshot.Topology.Selected(terms, topologyKey, liveOnly: false);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var namespaces = snapshot.NamespaceLabels;
        foreach (var node in snapshot.Nodes)
        {
            if (!NodeLabels.TryGet(node, topologyKey, out var value)) continue;
            foreach (var existing in node.Pods)
                if (MatchesAll(terms, existing, namespaces)) counts[value] = counts.GetValueOrDefault(value) + 1;
        }
        return counts;
    }

    public bool PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, Snapshot snapshot)
    {
        var own = pod.PreferredAffinity.Count + pod.PreferredAntiAffinity.Count > 0;
        if (!own && snapshot.Topology.PodsWithScoringAffinity == 0) return false;
        var scores = new Dictionary<TopologyPair, long>();
        var namespaces = snapshot.NamespaceLabels;
        foreach (var node in own ? snapshot.Nodes : snapshot.NodesWithAffinity)
        {
            foreach (var existing in own ? node.Pods : node.PodsWithAffinity)
            {
                foreach (var term in pod.PreferredAffinity)
                    if (term.Matches(existing, namespaces)) NodeLabels.Increment(scores, node, term.TopologyKey, term.Weight);
                foreach (var term in pod.PreferredAntiAffinity)
                    if (term.Matches(existing, namespaces)) NodeLabels.Increment(scores, node, term.TopologyKey, -term.Weight);
                if (hardPodAffinityWeight > 0)
                    foreach (var term in existing.RequiredAffinity)
                        if (term.Matches(pod, namespaces)) NodeLabels.Increment(scores, node, term.TopologyKey, hardPodAffinityWeight);
                foreach (var term in existing.PreferredAffinity)
                    if (term.Matches(pod, namespaces)) NodeLabels.Increment(scores, node, term.TopologyKey, term.Weight);
                foreach (var term in existing.PreferredAntiAffinity)
                    if (term.Matches(pod, namespaces)) NodeLabels.Increment(scores, node, term.TopologyKey, -term.Weight);
            }
        }
        if (scores.Count == 0) return false;
        state.Write(ScoreKey, scores);
        return true;
    }

    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        if (state.Read<Dictionary<TopologyPair, long>>(ScoreKey) is not { } scores) return 0;
        long score = 0;
        foreach (var (pair, weight) in scores)
            if (NodeLabels.TryGet(node, pair.Key, out var value) && value == pair.Value) score += weight;
        return score;
    }

    public void Normalize(CycleState state, PodInfo pod, Span<long> scores)
    {
        long min = long.MaxValue, max = long.MinValue;
        foreach (var s in scores)
        {
            min = Math.Min(min, s);
            max = Math.Max(max, s);
        }
        var range = max - min;
        for (var i = 0; i < scores.Length; i++)
            scores[i] = range > 0 ? (long)(ScoreNormalization.MaxNodeScore * ((double)(scores[i] - min) / range)) : 0;
    }

    private static bool MatchesAll(IReadOnlyList<AffinityTerm> terms, PodInfo pod, Func<string, IReadOnlyDictionary<string, string>?> namespaces)
    {
        foreach (var term in terms)
            if (!term.Matches(pod, namespaces)) return false;
        return true;
    }
}
