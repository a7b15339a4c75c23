using Cluster.Api.Core.V1;

namespace Cluster.Controllers.Scheduling.Queue;

/// <summary>
/// The cluster events a node update amounts to, for <see cref="SchedulingQueue.MoveAllToActiveOrBackoffQueue"/>
/// (upstream's nodeSchedulingPropertiesChange, one event per changed property): spec.unschedulable turning off,
/// allocatable, labels, taints, condition types or statuses, annotations. Empty when nothing scheduling-relevant
/// changed (e.g. only heartbeats). Quantities compare by text, so "1" and "1000m" count as a change.
/// </summary>
public static class NodeEvents
{
    public static IReadOnlyList<ClusterEvent> ForUpdate(Node oldNode, Node newNode)
    {
        var events = new List<ClusterEvent>();
        if (oldNode.Spec?.Unschedulable == true && newNode.Spec?.Unschedulable != true)
        {
            events.Add(ClusterEvent.NodeSpecUnschedulableChange);
        }
        if (!SameMap(oldNode.Status?.Allocatable, newNode.Status?.Allocatable)) events.Add(ClusterEvent.NodeAllocatableChange);
        if (!SameMap(oldNode.Metadata?.Labels, newNode.Metadata?.Labels)) events.Add(ClusterEvent.NodeLabelChange);
        if (!(oldNode.Spec?.Taints ?? []).SequenceEqual(newNode.Spec?.Taints ?? [])) events.Add(ClusterEvent.NodeTaintChange);
        if (!Conditions(oldNode).SequenceEqual(Conditions(newNode))) events.Add(ClusterEvent.NodeConditionChange);
        if (!SameMap(oldNode.Metadata?.Annotations, newNode.Metadata?.Annotations))
        {
            events.Add(new ClusterEvent(EventResource.Node, ActionType.UpdateNodeAnnotation, "NodeAnnotationChange"));
        }
        return events;
    }

    private static IEnumerable<(string?, string?)> Conditions(Node node) =>
        (node.Status?.Conditions ?? []).Select(c => (c.Type, c.Status)).OrderBy(c => c.Type, StringComparer.Ordinal);

    private static bool SameMap<T>(IReadOnlyDictionary<string, T>? a, IReadOnlyDictionary<string, T>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0)) return false;
        if (a is null || b is null) return true;
        foreach (var (key, value) in a)
        {
            if (!b.TryGetValue(key, out var other) || !EqualityComparer<T>.Default.Equals(value, other)) return false;
        }
        return true;
    }
}
