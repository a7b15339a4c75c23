namespace Cluster.Controllers.Scheduling.Framework;

/// <summary>
/// Pod counts per topology domain that a <see cref="Snapshot"/> keeps current as its nodes are replaced, so that the
/// affinity and spread PreFilters read counts instead of walking every pod of the cluster for each pod they place:
/// the pods that a set of terms all select, per value of a topology key (counted by one walk when first asked, then
/// kept, the least recently asked dropped beyond <see cref="MaxSelections"/>); the required anti-affinity terms of the
/// pods present, grouped by equal term, per value of each term's key; the nodes per value of a key; and how many pods
/// have terms that score other pods' nodes. A node whose
/// labels change, or a change in the set of nodes, drops everything, counted again when next asked. Terms with a
/// namespace selector are never counted here (namespace labels change apart from pods). Not thread-safe, like the
/// snapshot.
/// </summary>
internal sealed class TopologyIndex(Snapshot snapshot)
{
    public const int MaxSelections = 128;

    private static readonly Func<string, IReadOnlyDictionary<string, string>?> NoNamespaceLabels = _ => null;

    private readonly Dictionary<string, Selection> _selections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, int>> _nodesPerDomain = new(StringComparer.Ordinal);
    private Dictionary<string, AntiAffinityGroup>? _antiAffinityGroups;
    private int? _podsWithScoringAffinity;
    private long _asked;

    /// <summary>Whether <see cref="Selected"/> can count for these terms (none has a namespace selector).</summary>
    public static bool CanCount(IReadOnlyList<AffinityTerm> terms)
    {
        foreach (var term in terms)
            if (term.NamespaceSelector is not null) return false;
        return true;
    }

    /// <summary>
    /// The pods that every one of <paramref name="terms"/> selects (only those not being deleted when
    /// <paramref name="liveOnly"/>), per value of <paramref name="topologyKey"/> on their node; nodes without the key
    /// are not counted. The dictionary stays current with the snapshot.
    /// </summary>
    public IReadOnlyDictionary<string, int> Selected(IReadOnlyList<AffinityTerm> terms, string topologyKey, bool liveOnly)
    {
        if (!CanCount(terms)) throw new ArgumentException("terms with a namespace selector are not counted here", nameof(terms));
        var key = string.Join('&', terms.Select(t => t.Key)) + (liveOnly ? "@live@" : "@all@") + topologyKey;
        if (!_selections.TryGetValue(key, out var selection))
        {
            if (_selections.Count >= MaxSelections) DropLeastRecentlyAsked();
            selection = new Selection([.. terms], topologyKey, liveOnly);
            foreach (var node in snapshot.Nodes)
                foreach (var pod in node.Pods) selection.Count(pod, node, 1);
            _selections.Add(key, selection);
        }
        selection.LastAsked = ++_asked;
        return selection.Counts;
    }

    /// <summary>The required anti-affinity terms of the pods on listed nodes, grouped by equal term.</summary>
    public IReadOnlyCollection<AntiAffinityGroup> RequiredAntiAffinityGroups
    {
        get
        {
            if (_antiAffinityGroups is null)
            {
                _antiAffinityGroups = new Dictionary<string, AntiAffinityGroup>(StringComparer.Ordinal);
                foreach (var node in snapshot.NodesWithRequiredAntiAffinity)
                    foreach (var pod in node.PodsWithRequiredAntiAffinity) CountAntiAffinity(_antiAffinityGroups, pod, node, 1);
            }
            return _antiAffinityGroups.Values;
        }
    }

    /// <summary>Pods on listed nodes with terms that score other pods' nodes (<see cref="PodInfo.HasScoringAffinity"/>).</summary>
    public int PodsWithScoringAffinity
    {
        get
        {
            if (_podsWithScoringAffinity is null)
            {
                var count = 0;
                foreach (var node in snapshot.NodesWithAffinity)
                    foreach (var pod in node.PodsWithAffinity)
                        if (pod.HasScoringAffinity) count++;
                _podsWithScoringAffinity = count;
            }
            return _podsWithScoringAffinity.Value;
        }
    }

    /// <summary>Listed nodes per value of <paramref name="key"/> (nodes without it are left out).</summary>
    public IReadOnlyDictionary<string, int> NodesPerDomain(string key)
    {
        if (!_nodesPerDomain.TryGetValue(key, out var domains))
        {
            domains = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var node in snapshot.Nodes)
                if (node.Labels?.TryGetValue(key, out var value) == true) Adjust(domains, value, 1);
            _nodesPerDomain.Add(key, domains);
        }
        return domains;
    }

    /// <summary>Forgets every count (the set of nodes changed).</summary>
    public void Reset()
    {
        _selections.Clear();
        _nodesPerDomain.Clear();
        _antiAffinityGroups = null;
        _podsWithScoringAffinity = null;
    }

    /// <summary>Moves the counts from <paramref name="old"/> to its fresh copy: pods gone are taken off, pods new are added.</summary>
    public void Replaced(NodeInfo old, NodeInfo copy)
    {
        if (!SameLabels(old.Labels, copy.Labels))
        {
            Reset();
            return;
        }
        if (_selections.Count == 0 && _antiAffinityGroups is null && _podsWithScoringAffinity is null) return;
        var before = old.Pods;
        var after = copy.Pods;
        if (after.Count == before.Count + 1 && SamePrefix(before, after))
        {
            Count(after[^1], copy, 1);
            return;
        }
        var gone = new HashSet<PodInfo>(before, ReferenceEqualityComparer.Instance);
        foreach (var pod in after)
            if (!gone.Remove(pod)) Count(pod, copy, 1);
        foreach (var pod in gone) Count(pod, old, -1);
    }

    internal static void Adjust(Dictionary<string, int> counts, string domain, int delta)
    {
        var count = counts.GetValueOrDefault(domain) + delta;
        if (count == 0) counts.Remove(domain);
        else counts[domain] = count;
    }

    private void Count(PodInfo pod, NodeInfo node, int delta)
    {
        foreach (var selection in _selections.Values) selection.Count(pod, node, delta);
        if (_antiAffinityGroups is not null && pod.RequiredAntiAffinity.Count > 0) CountAntiAffinity(_antiAffinityGroups, pod, node, delta);
        if (_podsWithScoringAffinity is not null && pod.HasScoringAffinity) _podsWithScoringAffinity += delta;
    }

    private static void CountAntiAffinity(Dictionary<string, AntiAffinityGroup> groups, PodInfo pod, NodeInfo node, int delta)
    {
        foreach (var term in pod.RequiredAntiAffinity)
        {
            if (node.Labels?.TryGetValue(term.TopologyKey, out var domain) != true) continue;
            if (!groups.TryGetValue(term.Key, out var group)) groups.Add(term.Key, group = new AntiAffinityGroup(term));
            group.Add(domain!, delta);
            if (group.IsEmpty) groups.Remove(term.Key);
        }
    }

    private void DropLeastRecentlyAsked()
    {
        var oldest = _selections.MinBy(s => s.Value.LastAsked).Key;
        _selections.Remove(oldest);
    }

    private static bool SamePrefix(IReadOnlyList<PodInfo> before, IReadOnlyList<PodInfo> after)
    {
        for (var i = 0; i < before.Count; i++)
            if (!ReferenceEquals(before[i], after[i])) return false;
        return true;
    }

    private static bool SameLabels(IReadOnlyDictionary<string, string>? a, IReadOnlyDictionary<string, string>? b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a is null || b is null || a.Count != b.Count) return (a?.Count ?? 0) == 0 && (b?.Count ?? 0) == 0;
        foreach (var (key, value) in a)
            if (!b.TryGetValue(key, out var other) || other != value) return false;
        return true;
    }

    private sealed class Selection(AffinityTerm[] terms, string topologyKey, bool liveOnly)
    {
        public Dictionary<string, int> Counts { get; } = new(StringComparer.Ordinal);

        public long LastAsked { get; set; }

        public void Count(PodInfo pod, NodeInfo node, int delta)
        {
            if (liveOnly && pod.Pod.Metadata?.DeletionTimestamp is not null) return;
            foreach (var term in terms)
                if (!term.Matches(pod, NoNamespaceLabels)) return;
            if (node.Labels?.TryGetValue(topologyKey, out var domain) == true) Adjust(Counts, domain, delta);
        }
    }
}
