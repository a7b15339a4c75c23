namespace Cluster.Controllers.Scheduling.Queue;

/// <summary>
/// A change in the cluster that may make pending pods schedulable: a resource, what happened to it, and a label for
/// logs and metrics. Used both for what happened (passed to <see cref="SchedulingQueue.MoveAllToActiveOrBackoffQueue"/>)
/// and for what a plugin cares about (registered in a <see cref="PluginEventMap"/>); <see cref="Matches"/> relates the two.
/// A wildcard event (resource <see cref="EventResource.WildCard"/>) moves every unschedulable pod regardless of plugins.
/// </summary>
public readonly record struct ClusterEvent(EventResource Resource, ActionType Action, string Label)
{
    public static ClusterEvent NodeAdd { get; } = new(EventResource.Node, ActionType.Add, "NodeAdd");
    public static ClusterEvent NodeDelete { get; } = new(EventResource.Node, ActionType.Delete, "NodeDelete");
    public static ClusterEvent NodeAllocatableChange { get; } = new(EventResource.Node, ActionType.UpdateNodeAllocatable, "NodeAllocatableChange");
    public static ClusterEvent NodeLabelChange { get; } = new(EventResource.Node, ActionType.UpdateNodeLabel, "NodeLabelChange");
    public static ClusterEvent NodeTaintChange { get; } = new(EventResource.Node, ActionType.UpdateNodeTaint, "NodeTaintChange");
    public static ClusterEvent NodeSpecUnschedulableChange { get; } = new(EventResource.Node, ActionType.UpdateNodeTaint, "NodeSpecUnschedulableChange");
    public static ClusterEvent NodeConditionChange { get; } = new(EventResource.Node, ActionType.UpdateNodeCondition, "NodeConditionChange");
    public static ClusterEvent AssignedPodAdd { get; } = new(EventResource.AssignedPod, ActionType.Add, "AssignedPodAdd");
    public static ClusterEvent AssignedPodUpdate { get; } = new(EventResource.AssignedPod, ActionType.UpdatePodLabel, "AssignedPodUpdate");
    public static ClusterEvent AssignedPodDelete { get; } = new(EventResource.AssignedPod, ActionType.Delete, "AssignedPodDelete");

    /// <summary>Raised by the queue itself for pods left in unschedulablePods past the maximum duration.</summary>
    public static ClusterEvent UnschedulableTimeout { get; } = new(EventResource.WildCard, ActionType.All, "UnschedulableTimeout");

    /// <summary>Moves everything (upstream's wildcard event, e.g. after a scheduler restart of a profile).</summary>
    public static ClusterEvent WildCardEvent { get; } = new(EventResource.WildCard, ActionType.All, "WildCard");

    /// <summary>True for events that move every pod, whichever plugins rejected it.</summary>
    public bool IsWildCard => Resource == EventResource.WildCard && Action == ActionType.All;

    /// <summary>
    /// True when this registration covers <paramref name="happened"/>: the resources agree (a wildcard or <c>Pod</c>
    /// registration covers more) and at least one action flag is shared. Labels are ignored.
    /// </summary>
    public bool Matches(ClusterEvent happened)
    {
        if (happened.IsWildCard) return true;
        var resourceMatches = Resource == EventResource.WildCard
            || Resource == happened.Resource
            || (Resource == EventResource.Pod && happened.Resource is EventResource.AssignedPod or EventResource.UnscheduledPod);
        return resourceMatches && (Action & happened.Action) != ActionType.None;
    }

    public override string ToString() => Label;
}
