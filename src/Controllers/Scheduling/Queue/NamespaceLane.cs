namespace Cluster.Controllers.Scheduling.Queue;

/// <summary>One namespace's active pods, in <see cref="QueueOrder.Active"/> order, and the head last published for it.</summary>
internal sealed class NamespaceLane(string ns)
{
    public string Namespace { get; } = ns;

    public PodHeap Heap { get; } = new(QueueOrder.Active);

    /// <summary>The entry this lane has in the active queue's head set; null while the lane is empty.</summary>
    public LaneHead? Published { get; set; }
}
