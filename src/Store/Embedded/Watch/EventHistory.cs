namespace Cluster.Store.Embedded.Watch;

/// <summary>
/// Every change since the compacted revision, in revision order (and, within a revision, in the order of its
/// txn's operations). Watchers read it at their own pace; nothing is buffered per watcher, so a slow watcher
/// holds up no one, and a watcher only loses its place when compaction passes it.
/// </summary>
/// <remarks>
/// Positions are global and only grow. One thread appends (the write loop); compaction trims the head under
/// <see cref="_gate"/>; readers take no lock: they read the immutable <see cref="Directory"/> snapshot and the
/// published tail, which is written after the entries it covers.
/// </remarks>
internal sealed class EventHistory
{
    private const int SegmentBits = 12;
    private const int SegmentSize = 1 << SegmentBits;

    private readonly Lock _gate = new();
    private Directory _dir = new(0, []);
    private long _head;       // first retained position
    private long _tail;       // next position to write; published
    private long _revision;   // revision of the newest published change
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>The segments, and the global segment number of the first one.</summary>
    private sealed record Directory(long FirstSegment, HistoryEntry[][] Segments);

    public EventHistory(long revision) => _revision = revision;

    /// <summary>The first retained position.</summary>
    public long Head => Volatile.Read(ref _head);

    /// <summary>One past the newest published position.</summary>
    public long Tail => Volatile.Read(ref _tail);

    /// <summary>The newest published revision.</summary>
    public long Revision => Volatile.Read(ref _revision);

    /// <summary>Completes when something new is published. Take it before checking for data, then wait.</summary>
    public Task Changed => Volatile.Read(ref _changed).Task;

    /// <summary>Appends entries and publishes them with <paramref name="revision"/>. Write loop only.</summary>
    public void Publish(List<HistoryEntry> entries, long revision)
    {
        var pos = _tail;
        foreach (var entry in entries)
        {
            var dir = _dir;
            var seg = (pos >> SegmentBits) - dir.FirstSegment;
            if (seg >= dir.Segments.Length)
            {
                lock (_gate)
                {
                    dir = _dir;
                    Volatile.Write(ref _dir, dir with { Segments = [.. dir.Segments, new HistoryEntry[SegmentSize]] });
                    dir = _dir;
                    seg = (pos >> SegmentBits) - dir.FirstSegment;
                }
            }
            dir.Segments[seg][pos & (SegmentSize - 1)] = entry;
            pos++;
        }
        Volatile.Write(ref _revision, revision);
        Volatile.Write(ref _tail, pos);
        Signal();
    }

    /// <summary>Wakes every waiting watcher without new data (to deliver a progress notification or to end).</summary>
    public void Signal() => Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();

    /// <summary>The entry at <paramref name="position"/>, or false if compaction has dropped it.</summary>
    public bool TryGet(long position, out HistoryEntry entry)
    {
        var dir = Volatile.Read(ref _dir);
        var seg = (position >> SegmentBits) - dir.FirstSegment;
        if (position < Head || seg < 0)
        {
            entry = default;
            return false;
        }
        entry = dir.Segments[seg][position & (SegmentSize - 1)];
        return entry.Kv is not null;
    }

    /// <summary>The first published position whose revision is at least <paramref name="revision"/>.</summary>
    public long PositionOf(long revision)
    {
        long lo = Head, hi = Tail;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            if (!TryGet(mid, out var e)) return Head; // trimmed meanwhile: the caller re-checks against compaction
            if (e.Kv.ModRevision < revision) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>Drops entries below <paramref name="revision"/> and frees whole segments.</summary>
    public void TrimBefore(long revision)
    {
        var head = PositionOf(revision);
        lock (_gate)
        {
            if (head <= _head) return;
            Volatile.Write(ref _head, head);
            var dir = _dir;
            var drop = (head >> SegmentBits) - dir.FirstSegment;
            if (drop > 0)
                Volatile.Write(ref _dir, new Directory(dir.FirstSegment + drop, dir.Segments[(int)drop..]));
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
