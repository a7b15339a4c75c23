namespace Cluster.Controllers.Scheduling.Framework;

/// <summary>
/// The cluster as one scheduling cycle sees it: copies of the cache's nodes, refreshed by
/// <see cref="Cache.SchedulerCache.UpdateSnapshot"/> only where they changed. Read by one cycle at a time.
/// </summary>
public sealed class Snapshot
{
    internal Dictionary<string, NodeInfo> ByName { get; } = new(StringComparer.Ordinal);
    internal List<NodeInfo> List { get; } = [];
    internal List<NodeInfo> WithAffinity { get; } = [];
    internal List<NodeInfo> WithRequiredAntiAffinity { get; } = [];
    private readonly Dictionary<string, (int List, int Affinity, int AntiAffinity)> _positions = new(StringComparer.Ordinal);

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
        foreach (var node in ByName.Values.OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            if (node.Node is null) continue;
            var affinity = node.PodsWithAffinity.Count > 0 ? WithAffinity.Count : -1;
            var anti = node.PodsWithRequiredAntiAffinity.Count > 0 ? WithRequiredAntiAffinity.Count : -1;
            _positions[node.Name] = (List.Count, affinity, anti);
            List.Add(node);
            if (affinity >= 0) WithAffinity.Add(node);
            if (anti >= 0) WithRequiredAntiAffinity.Add(node);
        }
    }

    /// <summary>Puts a fresh copy of a node where the old one was, in every list it is on (membership unchanged).</summary>
    internal void Replace(NodeInfo copy)
    {
        if (!_positions.TryGetValue(copy.Name, out var at)) return;
        List[at.List] = copy;
        if (at.Affinity >= 0) WithAffinity[at.Affinity] = copy;
        if (at.AntiAffinity >= 0) WithRequiredAntiAffinity[at.AntiAffinity] = copy;
    }
}
