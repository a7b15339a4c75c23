using Cluster.Controllers.Scheduling.Framework;

namespace Cluster.Controllers.Scheduling.Plugins;

/// <summary>Topology lookups on a node's labels.</summary>
internal static class NodeLabels
{
    public static bool TryGet(NodeInfo node, string key, out string value)
    {
        if (node.Labels is { } labels && labels.TryGetValue(key, out var found))
        {
            value = found;
            return true;
        }
        value = "";
        return false;
    }

    public static void Increment(Dictionary<TopologyPair, long> counts, NodeInfo node, string topologyKey, long by)
    {
        if (!TryGet(node, topologyKey, out var value)) return;
        var pair = new TopologyPair(topologyKey, value);
        counts[pair] = counts.GetValueOrDefault(pair) + by;
    }
}
