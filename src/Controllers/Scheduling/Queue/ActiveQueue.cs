namespace Cluster.Controllers.Scheduling.Queue;

/// <summary>
/// activeQ: the pods ready for a scheduling attempt, one heap per namespace plus an ordered set of the namespaces'
/// heads. Without a share function the next pod is the best head (priority, then enqueue time): exactly upstream's
/// single-heap order. With one, among the heads of the highest waiting priority the namespace with the smallest
/// dominant share wins (ties: the earlier head, i.e. FIFO), Dominant Resource Fairness between tenants; within a
/// namespace pods stay in priority then FIFO order. Shares are read afresh at every pop, so allocations the caller
/// made since the last pop count. Add, remove and pop cost O(log n) in pods plus O(log m) in namespaces; a fair pop
/// also calls the share function once per namespace tied at the top priority.
/// Not thread-safe; the owning <see cref="SchedulingQueue"/> serialises access.
/// </summary>
internal sealed class ActiveQueue(Func<string, double>? dominantShare)
{
    private readonly Dictionary<string, NamespaceLane> _lanes = new(StringComparer.Ordinal);
    private readonly SortedSet<LaneHead> _heads = new(LaneHead.Order);

    public int Count { get; private set; }

    public void Add(QueuedPodInfo pod)
    {
        if (!_lanes.TryGetValue(pod.Namespace, out var lane))
        {
            lane = new NamespaceLane(pod.Namespace);
            _lanes.Add(pod.Namespace, lane);
        }
        lane.Heap.Push(pod);
        Count++;
        Publish(lane);
    }

    public void Remove(QueuedPodInfo pod)
    {
        if (!_lanes.TryGetValue(pod.Namespace, out var lane) || pod.HeapIndex < 0) return;
        lane.Heap.Remove(pod);
        Count--;
        Publish(lane);
    }

    /// <summary>Re-positions a member whose priority changed (an update of the pod).</summary>
    public void Fix(QueuedPodInfo pod)
    {
        if (!_lanes.TryGetValue(pod.Namespace, out var lane) || pod.HeapIndex < 0) return;
        lane.Heap.Fix(pod);
        Publish(lane);
    }

    public QueuedPodInfo? Pop()
    {
        if (_heads.Count == 0) return null;
        var lane = _lanes[Choose().Namespace];
        var pod = lane.Heap.Pop()!;
        Count--;
        Publish(lane);
        return pod;
    }

    private LaneHead Choose()
    {
        var best = _heads.Min;
        if (dominantShare is null) return best;
        var chosen = best;
        var smallest = double.PositiveInfinity;
        foreach (var head in _heads)
        {
            if (head.Priority != best.Priority) break;
            var share = dominantShare(head.Namespace);
            // Strictly smaller only: equal shares keep the earlier head, so ties stay FIFO across namespaces.
            if (share < smallest)
            {
                smallest = share;
                chosen = head;
            }
        }
        return chosen;
    }

    private void Publish(NamespaceLane lane)
    {
        var top = lane.Heap.Peek();
        LaneHead? head = top is null ? null : LaneHead.Of(top);
        if (head == lane.Published) return;
        if (lane.Published is { } old) _heads.Remove(old);
        lane.Published = head;
        if (head is { } fresh) _heads.Add(fresh);
        else _lanes.Remove(lane.Namespace);
    }
}
