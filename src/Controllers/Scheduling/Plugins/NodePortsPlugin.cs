using Cluster.Controllers.Scheduling.Framework;

namespace Cluster.Controllers.Scheduling.Plugins;

/// <summary>A pod's host ports must be free on the node (0.0.0.0 conflicts with every address).</summary>
public sealed class NodePortsPlugin : IFilterPlugin
{
    public const string Reason = "node(s) didn't have free ports for the requested pod ports";

    public string Name => "NodePorts";

    public FilterResult Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        var wanted = pod.HostPorts;
        if (wanted.Count == 0) return FilterResult.Fits;
        var used = node.UsedPorts;
        for (var i = 0; i < wanted.Count; i++)
            for (var j = 0; j < used.Count; j++)
                if (wanted[i].ConflictsWith(used[j])) return FilterResult.Unschedulable(Reason);
        return FilterResult.Fits;
    }
}
