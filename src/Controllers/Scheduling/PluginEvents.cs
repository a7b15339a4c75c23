using Cluster.Controllers.Scheduling.Queue;

namespace Cluster.Controllers.Scheduling;

/// <summary>
/// Which cluster events may let a pod rejected by each built-in plugin fit (upstream's EventsToRegister), so that
/// unschedulable pods are retried when something relevant changes rather than on a timer.
/// </summary>
public static class PluginEvents
{
    private static readonly ClusterEvent[] NodeAdded = [ClusterEvent.NodeAdd];

    public static PluginEventMap Default { get; } = new(new Dictionary<string, IReadOnlyList<ClusterEvent>>(StringComparer.Ordinal)
    {
        ["NodeUnschedulable"] = [.. NodeAdded, ClusterEvent.NodeSpecUnschedulableChange],
        ["NodeName"] = NodeAdded,
        ["TaintToleration"] = [.. NodeAdded, ClusterEvent.NodeTaintChange],
        ["NodeAffinity"] = [.. NodeAdded, ClusterEvent.NodeLabelChange],
        ["NodePorts"] = [.. NodeAdded, ClusterEvent.AssignedPodDelete],
        ["NodeResourcesFit"] = [.. NodeAdded, ClusterEvent.NodeAllocatableChange, ClusterEvent.AssignedPodDelete],
        ["PodTopologySpread"] = [.. NodeAdded, ClusterEvent.NodeDelete, ClusterEvent.NodeLabelChange, ClusterEvent.NodeTaintChange,
            ClusterEvent.AssignedPodAdd, ClusterEvent.AssignedPodUpdate, ClusterEvent.AssignedPodDelete],
        ["InterPodAffinity"] = [.. NodeAdded, ClusterEvent.NodeLabelChange, ClusterEvent.AssignedPodAdd, ClusterEvent.AssignedPodUpdate, ClusterEvent.AssignedPodDelete],
    });
}
