namespace Cluster.Runtime.Queue;

/// <summary>
/// The deadlines of a <see cref="WorkQueue{T}"/>'s delayed adds, as monotonic timestamps: at most one live deadline
/// per item, the earliest asked for. Not thread-safe: the owning queue calls it under its lock.
/// </summary>
internal sealed class DelayedItems<T> where T : notnull
{
    private readonly PriorityQueue<T, long> _byDeadline = new(); // may hold superseded deadlines; _deadlines is the truth
    private readonly Dictionary<T, long> _deadlines = [];

    /// <summary>Records that <paramref name="item"/> is due at <paramref name="due"/> unless it is already due no later.</summary>
    public void Schedule(T item, long due)
    {
        if (_deadlines.TryGetValue(item, out var existing) && existing <= due) return;
        _deadlines[item] = due;
        _byDeadline.Enqueue(item, due);
    }

    /// <summary>Removes and appends to <paramref name="due"/> every item whose deadline is at or before <paramref name="now"/>.</summary>
    public void TakeDue(long now, List<T> due)
    {
        while (TryPeekNext(out var item, out var at) && at <= now)
        {
            _byDeadline.Dequeue();
            _deadlines.Remove(item);
            due.Add(item);
        }
    }

    /// <summary>The earliest live deadline, if any item is waiting.</summary>
    public long? Next => TryPeekNext(out _, out var at) ? at : null;

    public void Clear()
    {
        _byDeadline.Clear();
        _deadlines.Clear();
    }

    // Drops superseded entries from the top of the heap, then peeks the earliest live one.
    private bool TryPeekNext(out T item, out long at)
    {
        while (_byDeadline.TryPeek(out item!, out at))
        {
            if (_deadlines.TryGetValue(item, out var live) && live == at) return true;
            _byDeadline.Dequeue();
        }
        return false;
    }
}
