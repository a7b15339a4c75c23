namespace Cluster.Controllers.Scheduling.Queue;

/// <summary>
/// A snapshot of the first pod of one namespace's lane in the active queue. Ordered as <see cref="QueueOrder.Active"/>
/// orders pods (the namespace name last, so the order is total), which makes the first head the upstream head of the
/// whole active queue.
/// </summary>
internal readonly record struct LaneHead(int Priority, DateTimeOffset Timestamp, long Sequence, string Namespace)
{
    public static LaneHead Of(QueuedPodInfo pod) => new(pod.Priority, pod.Timestamp, pod.Sequence, pod.Namespace);

    public static IComparer<LaneHead> Order { get; } = Comparer<LaneHead>.Create(static (a, b) =>
    {
        var c = b.Priority.CompareTo(a.Priority);
        if (c != 0) return c;
        c = a.Timestamp.CompareTo(b.Timestamp);
        if (c != 0) return c;
        c = a.Sequence.CompareTo(b.Sequence);
        return c != 0 ? c : string.CompareOrdinal(a.Namespace, b.Namespace);
    });
}
