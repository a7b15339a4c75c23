namespace Cluster.ApiServer.WatchCache;

/// <summary>
/// The recent events of one resource in a fixed-size ring, numbered by a sequence that only grows. One writer
/// appends; any number of readers copy events out by sequence without locks and find out if the writer lapped
/// them (their events were overwritten), in which case they must stop: a watcher that far behind gets 410.
/// </summary>
public sealed class EventRing
{
    private readonly CachedEvent?[] _slots;
    private long _next;  // sequence of the next event to append; written by the single writer only
    private long _floor; // every event with a higher revision is still in the ring

    /// <param name="floorRevision">The revision the ring starts after: the revision of the cache's initial list.</param>
    public EventRing(int capacity, long floorRevision)
    {
        _slots = new CachedEvent?[capacity];
        _floor = floorRevision;
    }

    public int Capacity => _slots.Length;

    /// <summary>The sequence the next appended event will get.</summary>
    public long Next => Volatile.Read(ref _next);

    /// <summary>A watch from any revision at or above this can be served from the ring.</summary>
    public long FloorRevision => Volatile.Read(ref _floor);

    /// <summary>Appends an event. Only the cache's single writer calls this.</summary>
    public void Append(CachedEvent e)
    {
        var slot = _next % _slots.Length;
        if (_slots[slot] is { } dropped) Volatile.Write(ref _floor, dropped.Revision);
        _slots[slot] = e;
        Volatile.Write(ref _next, _next + 1);
    }

    /// <summary>
    /// Copies events from <paramref name="from"/> (up to <paramref name="max"/>) into <paramref name="into"/>.
    /// Returns false if <paramref name="from"/> has already been overwritten.
    /// </summary>
    public bool TryRead(long from, List<CachedEvent> into, int max)
    {
        var end = Math.Min(Next, from + max);
        if (from < end - _slots.Length) return false;
        var start = into.Count;
        for (var seq = from; seq < end; seq++) into.Add(_slots[seq % _slots.Length]!);
        // A slot copied above may have been overwritten while we copied: check we were not lapped.
        if (from < Next - _slots.Length)
        {
            into.RemoveRange(start, into.Count - start);
            return false;
        }
        return true;
    }

    /// <summary>
    /// The sequence of the first event with a revision above <paramref name="revision"/>, or null if events after
    /// it are no longer held.
    /// </summary>
    public long? FirstAfter(long revision)
    {
        if (revision < FloorRevision) return null;
        var next = Next;
        long lo = Math.Max(0, next - _slots.Length), hi = next;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (_slots[mid % _slots.Length]!.Revision <= revision) lo = mid + 1;
            else hi = mid;
        }
        // The writer may have lapped the search; then the answer cannot be trusted.
        return revision < FloorRevision || lo < Next - _slots.Length ? null : lo;
    }
}
