namespace Cluster.Controllers.Scheduling.Framework;

/// <summary>
/// The cluster as one scheduling cycle sees it: copies of the cache's nodes, refreshed by
/// <see cref="Cache.SchedulerCache.UpdateSnapshot"/> only where they changed. Read by one cycle at a time.
/// </summary>
public sealed class Snapshot
{
    public Snapshot() => Topology = new TopologyIndex(this);

    internal Dictionary<string, NodeInfo> ByName { get; } = new(StringComparer.Ordinal);
    internal List<NodeInfo> List { get; } = [];
    internal List<NodeInfo> WithAffinity { get; } = [];
    internal List<NodeInfo> WithRequiredAntiAffinity { get; } = [];
    private readonly Dictionary<string, int> _positions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _affinityPositions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _antiAffinityPositions = new(StringComparer.Ordinal);

    /// <summary>The cache generation this snapshot reflects.</summary>
    public long Generation { get; internal set; }

    /// <summary>Nodes that exist (have a Node object), in a stable order.</summary>
    public IReadOnlyList<NodeInfo> Nodes => List;

    /// <summary>Nodes with at least one pod that has (anti-)affinity terms.</summary>
    public IReadOnlyList<NodeInfo> NodesWithAffinity => WithAffinity;

    /// <summary>Nodes with at least one pod that has required anti-affinity terms.</summary>
    public IReadOnlyList<NodeInfo> NodesWithRequiredAntiAffinity => WithRequiredAntiAffinity;

    /// <summary>A namespace's labels, for namespace selectors in affinity terms (set by whoever knows namespaces).</summary>
    public Func<string, IReadOnlyDictionary<string, string>?> NamespaceLabels { get; set; } = _ => null;

    /// <summary>Pod counts per topology domain, kept current with this snapshot.</summary>
    internal TopologyIndex Topology { get; }

    public NodeInfo? Get(string name) => ByName.GetValueOrDefault(name);

    /// <summary>A snapshot of exactly these nodes, for tests and the in-process benchmark.</summary>
    public static Snapshot Of(IEnumerable<NodeInfo> nodes)
    {
        var snapshot = new Snapshot();
        foreach (var node in nodes) snapshot.ByName[node.Name] = node;
        snapshot.Rebuild();
        return snapshot;
    }

    internal void Rebuild()
    {
        List.Clear();
        WithAffinity.Clear();
        WithRequiredAntiAffinity.Clear();
        _positions.Clear();
        _affinityPositions.Clear();
        _antiAffinityPositions.Clear();
        Topology.Reset();
        foreach (var node in ByName.Values.OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            if (node.Node is null) continue;
            _positions[node.Name] = List.Count;
            List.Add(node);
            SetMembership(WithAffinity, _affinityPositions, node, node.PodsWithAffinity.Count > 0);
            SetMembership(WithRequiredAntiAffinity, _antiAffinityPositions, node, node.PodsWithRequiredAntiAffinity.Count > 0);
        }
    }

    /// <summary>
    /// Puts a fresh copy of a listed node where the old one was, and adds it to or drops it from the affinity lists
    /// as its pods now call for (order within those lists does not matter): no full rebuild when pods come and go.
    /// </summary>
    internal void Replace(NodeInfo copy)
    {
        if (!_positions.TryGetValue(copy.Name, out var at)) return;
        Topology.Replaced(List[at], copy);
        List[at] = copy;
        SetMembership(WithAffinity, _affinityPositions, copy, copy.PodsWithAffinity.Count > 0);
        SetMembership(WithRequiredAntiAffinity, _antiAffinityPositions, copy, copy.PodsWithRequiredAntiAffinity.Count > 0);
    }

    private static void SetMembership(List<NodeInfo> list, Dictionary<string, int> positions, NodeInfo node, bool member)
    {
        if (positions.TryGetValue(node.Name, out var at))
        {
            if (member)
            {
                list[at] = node;
                return;
            }
            var last = list[^1];
            list[at] = last;
            positions[last.Name] = at;
            list.RemoveAt(list.Count - 1);
            positions.Remove(node.Name);
        }
        else if (member)
        {
            positions[node.Name] = list.Count;
            list.Add(node);
        }
    }
}
