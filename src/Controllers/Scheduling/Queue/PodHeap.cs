namespace Cluster.Controllers.Scheduling.Queue;

/// <summary>
/// A binary min-heap of pods under a comparer, with O(log n) push, pop, remove and re-position of any member: each
/// pod stores its own index (<see cref="QueuedPodInfo.HeapIndex"/>), so a pod can be in at most one heap at a time.
/// Not thread-safe; the owning <see cref="SchedulingQueue"/> serialises access.
/// </summary>
internal sealed class PodHeap(IComparer<QueuedPodInfo> order)
{
    private readonly List<QueuedPodInfo> _items = [];

    public int Count => _items.Count;

    public QueuedPodInfo? Peek() => _items.Count == 0 ? null : _items[0];

    public void Push(QueuedPodInfo pod)
    {
        pod.HeapIndex = _items.Count;
        _items.Add(pod);
        Up(pod.HeapIndex);
    }

    public QueuedPodInfo? Pop()
    {
        if (_items.Count == 0) return null;
        var top = _items[0];
        Remove(top);
        return top;
    }

    public void Remove(QueuedPodInfo pod)
    {
        var index = pod.HeapIndex;
        var last = _items.Count - 1;
        if (index < 0 || index > last || !ReferenceEquals(_items[index], pod)) return;
        if (index != last)
        {
            Swap(index, last);
        }
        _items.RemoveAt(last);
        pod.HeapIndex = -1;
        if (index < _items.Count) Fix(_items[index]);
    }

    /// <summary>Restores heap order after <paramref name="pod"/>'s sort key changed.</summary>
    public void Fix(QueuedPodInfo pod)
    {
        if (!Up(pod.HeapIndex)) Down(pod.HeapIndex);
    }

    private bool Up(int index)
    {
        var moved = false;
        while (index > 0)
        {
            var parent = (index - 1) / 2;
            if (order.Compare(_items[index], _items[parent]) >= 0) break;
            Swap(index, parent);
            index = parent;
            moved = true;
        }
        return moved;
    }

    private void Down(int index)
    {
        while (true)
        {
            var smallest = index;
            var left = (2 * index) + 1;
            var right = left + 1;
            if (left < _items.Count && order.Compare(_items[left], _items[smallest]) < 0) smallest = left;
            if (right < _items.Count && order.Compare(_items[right], _items[smallest]) < 0) smallest = right;
            if (smallest == index) return;
            Swap(index, smallest);
            index = smallest;
        }
    }

    private void Swap(int a, int b)
    {
        (_items[a], _items[b]) = (_items[b], _items[a]);
        _items[a].HeapIndex = a;
        _items[b].HeapIndex = b;
    }
}
