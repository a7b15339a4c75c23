namespace Cluster.Controllers.Scheduling.Queue;

/// <summary>
/// What happened to an object in a <see cref="ClusterEvent"/>, as flags so a plugin can register for several at once
/// (upstream's framework.ActionType). The Update* flags narrow an update to the property that changed.
/// </summary>
[Flags]
public enum ActionType
{
    None = 0,
    Add = 1 << 0,
    Delete = 1 << 1,
    UpdateNodeAllocatable = 1 << 2,
    UpdateNodeLabel = 1 << 3,

    /// <summary>The node's taints changed, or its spec.unschedulable flag (which the TaintToleration view treats as a taint).</summary>
    UpdateNodeTaint = 1 << 4,
    UpdateNodeCondition = 1 << 5,
    UpdateNodeAnnotation = 1 << 6,
    UpdatePodLabel = 1 << 7,

    /// <summary>A pod's resource requests went down (in-place resize), freeing room on its node.</summary>
    UpdatePodScaleDown = 1 << 8,
    UpdatePodTolerations = 1 << 9,
    UpdatePodSchedulingGatesEliminated = 1 << 10,

    /// <summary>Any update, whatever property changed.</summary>
    Update = UpdateNodeAllocatable | UpdateNodeLabel | UpdateNodeTaint | UpdateNodeCondition | UpdateNodeAnnotation
        | UpdatePodLabel | UpdatePodScaleDown | UpdatePodTolerations | UpdatePodSchedulingGatesEliminated,

    All = Add | Delete | Update,
}
