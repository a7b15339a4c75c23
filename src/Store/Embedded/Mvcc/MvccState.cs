using Cluster.Store.Embedded.Leases;
using Cluster.Store.Embedded.Log;
using Cluster.Store.Embedded.Watch;

namespace Cluster.Store.Embedded.Mvcc;

/// <summary>
/// The in-memory multi-version state: every retained version of every key, the leases, and the revisions.
/// </summary>
/// <remarks>
/// <see cref="Lock"/> guards the index and every history in it: the write loop and compaction hold it for
/// writing; reads, compares and snapshots hold it for reading. The write loop applies a batch before it is
/// durable, so readers read at <see cref="PublishedRevision"/>, which it raises only once the batch is on disk;
/// versions above it are invisible and can still be rolled back.
/// </remarks>
internal sealed class MvccState(LeaseTable leases)
{
    private long _published = 1;
    private long _compactRevision;

    public ReaderWriterLockSlim Lock { get; } = new(LockRecursionPolicy.NoRecursion);

    public KeyIndex Index { get; set; } = new();

    public LeaseTable Leases { get; } = leases;

    /// <summary>Owns the bytes of every value written through the write loop or replayed from the log.</summary>
    public ValueArena Values { get; } = new();

    /// <summary>The newest applied revision, durable or not. Written only by the write loop.</summary>
    public long Revision { get; set; } = 1;

    /// <summary>The sequence number of the last applied log record. Written only by the write loop.</summary>
    public long Lsn { get; set; }

    /// <summary>The newest durable revision: what readers see.</summary>
    public long PublishedRevision => Volatile.Read(ref _published);

    /// <summary>Reads below this revision fail as compacted.</summary>
    public long CompactRevision
    {
        get => Volatile.Read(ref _compactRevision);
        set => Volatile.Write(ref _compactRevision, value);
    }

    public void Publish(long revision) => Volatile.Write(ref _published, revision);

    // ---- reads (caller holds the read or write lock) ----

    /// <summary>Serves a range as of <paramref name="view"/> (the newest revision the caller may see).</summary>
    public RangeResult ReadRange(RangeRequest r, long view)
    {
        var at = r.Revision > 0 ? r.Revision : view;
        if (at > view) throw new FutureRevisionException(at, view);
        if (at < CompactRevision) throw new CompactedException(CompactRevision);

        if (r.RangeEnd.IsEmpty)
        {
            var kv = Index.Find(r.Key.Span)?.LiveAt(at);
            if (kv is null) return new RangeResult(view, [], false, 0);
            return new RangeResult(view, r.CountOnly ? [] : [Shape(kv, r.KeysOnly)], false, 1);
        }

        var kvs = new List<KeyValue>();
        long count = 0;
        foreach (var h in Index.Range(r.Key.ToArray(), UpperBound(r.RangeEnd)))
        {
            if (h.LiveAt(at) is not { } kv) continue;
            count++;
            if (!r.CountOnly && (r.Limit <= 0 || kvs.Count < r.Limit)) kvs.Add(Shape(kv, r.KeysOnly));
        }
        return new RangeResult(view, kvs, !r.CountOnly && r.Limit > 0 && count > r.Limit, count);
    }

    /// <summary>True if the compare holds as of <paramref name="view"/>; over a range, it must hold for every live key.</summary>
    public bool Holds(Compare c, long view)
    {
        if (c.RangeEnd.IsEmpty) return Check(c, Index.Find(c.Key.Span)?.LiveAt(view));
        var any = false;
        foreach (var h in Index.Range(c.Key.ToArray(), UpperBound(c.RangeEnd)))
        {
            if (h.LiveAt(view) is not { } kv) continue;
            any = true;
            if (!Check(c, kv)) return false;
        }
        return any || Check(c, null);
    }

    /// <summary>Live histories in the range as of <paramref name="view"/>.</summary>
    public List<KeyHistory> LiveInRange(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> rangeEnd, long view)
    {
        if (rangeEnd.IsEmpty)
            return Index.Find(key.Span) is { } one && one.LiveAt(view) is not null ? [one] : [];
        var result = new List<KeyHistory>();
        foreach (var h in Index.Range(key.ToArray(), UpperBound(rangeEnd)))
        {
            if (h.LiveAt(view) is not null) result.Add(h);
        }
        return result;
    }

    // ---- writes (caller holds the write lock; only the write loop and recovery call these) ----

    /// <summary>Writes a new version of <paramref name="key"/> at <paramref name="revision"/>; returns the live version it replaced.</summary>
    public KeyValue? ApplyPut(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> value, long lease, long revision,
        List<HistoryEntry>? events, UndoLog? undo)
    {
        var h = Index.Find(key.Span);
        var prev = h?.Latest is { IsTombstone: false } p ? p : null;
        var keyBytes = h?.Key ?? key.ToArray();
        var kv = new KeyValue(keyBytes, value, prev?.CreateRevision ?? revision, revision, (prev?.Version ?? 0) + 1, lease);
        var added = h is null;
        if (h is null)
        {
            h = new KeyHistory(keyBytes, kv);
            Index.Add(h);
        }
        else
        {
            h.Append(kv);
        }
        var oldLease = prev?.Lease ?? 0;
        if (oldLease != lease)
        {
            Leases.Detach(oldLease, h);
            Leases.Attach(lease, h);
        }
        Revision = revision;
        events?.Add(new HistoryEntry(kv, prev));
        undo?.Entries.Add(new UndoEntry(h, added, oldLease, lease, 0, null));
        return prev;
    }

    /// <summary>Deletes the live key in <paramref name="h"/> at <paramref name="revision"/>; returns the deleted version.</summary>
    public KeyValue ApplyDelete(KeyHistory h, long revision, List<HistoryEntry>? events, UndoLog? undo)
    {
        var prev = h.Latest;
        if (prev.IsTombstone) throw new InvalidOperationException("deleting a key that does not exist");
        var tombstone = KeyValue.Tombstone(h.Key, revision);
        h.Append(tombstone);
        Leases.Detach(prev.Lease, h);
        Revision = revision;
        events?.Add(new HistoryEntry(tombstone, prev));
        undo?.Entries.Add(new UndoEntry(h, false, prev.Lease, 0, 0, null));
        return prev;
    }

    public void ApplyLeaseGrant(long id, long ttl, UndoLog? undo)
    {
        Leases.Grant(id, ttl);
        undo?.Entries.Add(new UndoEntry(null, false, 0, 0, id, null));
    }

    public void ApplyLeaseRevoke(long id, UndoLog? undo)
    {
        var lease = Leases.Remove(id);
        if (lease is not null) undo?.Entries.Add(new UndoEntry(null, false, 0, 0, 0, lease));
    }

    /// <summary>Replays one durable record (recovery).</summary>
    public void Replay(LogRecord record, List<HistoryEntry> events)
    {
        foreach (var item in record.Items)
        {
            switch (item.Type)
            {
                case LogItemType.Put:
                    ApplyPut(item.Key, Values.Copy(item.Value.Span), item.A, record.Revision, events, null);
                    break;
                case LogItemType.Delete:
                    var h = Index.Find(item.Key.Span);
                    if (h is null || h.Latest.IsTombstone)
                        throw new InvalidDataException($"log record {record.Lsn} deletes a key that does not exist");
                    ApplyDelete(h, record.Revision, events, null);
                    break;
                case LogItemType.LeaseGrant:
                    ApplyLeaseGrant(item.A, item.B, null);
                    break;
                case LogItemType.LeaseRevoke:
                    ApplyLeaseRevoke(item.A, null);
                    break;
                case LogItemType.Compact:
                    CompactRevision = item.A;
                    break;
                default:
                    throw new InvalidDataException($"log record {record.Lsn} has an unknown item type {item.Type}");
            }
        }
        if (record.Revision > 0) Revision = record.Revision;
        Lsn = record.Lsn;
    }

    /// <summary>
    /// Takes back the changes in <paramref name="undo"/> from entry <paramref name="from"/> on, newest first.
    /// The caller restores the revisions it saved.
    /// </summary>
    public void Rollback(UndoLog undo, int from)
    {
        for (var i = undo.Entries.Count - 1; i >= from; i--)
        {
            var e = undo.Entries[i];
            if (e.GrantedLease != 0)
            {
                Leases.Remove(e.GrantedLease);
            }
            else if (e.RevokedLease is not null)
            {
                Leases.Restore(e.RevokedLease);
            }
            else if (e.History is { } h)
            {
                if (e.OldLease != e.NewLease)
                {
                    Leases.Detach(e.NewLease, h);
                    Leases.Attach(e.OldLease, h);
                }
                if (e.AddedKey || !h.RemoveLatest()) Index.Remove(h.Key);
            }
        }
        undo.Entries.RemoveRange(from, undo.Entries.Count - from);
    }

    private static KeyValue Shape(KeyValue kv, bool keysOnly) => keysOnly ? kv with { Value = ReadOnlyMemory<byte>.Empty } : kv;

    private static byte[] UpperBound(ReadOnlyMemory<byte> rangeEnd) =>
        KeyRange.IsOpenEnded(rangeEnd.Span) ? [] : rangeEnd.ToArray();

    private static bool Check(Compare c, KeyValue? kv)
    {
        int order;
        if (c.Target == CompareTarget.Value)
        {
            if (kv is null) return false;
            order = kv.Value.Span.SequenceCompareTo(c.Value.Span);
        }
        else
        {
            var actual = c.Target switch
            {
                CompareTarget.Version => kv?.Version ?? 0,
                CompareTarget.CreateRevision => kv?.CreateRevision ?? 0,
                CompareTarget.ModRevision => kv?.ModRevision ?? 0,
                CompareTarget.Lease => kv?.Lease ?? 0,
                _ => throw new InvalidStoreRequestException($"unknown compare target {c.Target}"),
            };
            order = actual.CompareTo(c.Number);
        }
        return c.Result switch
        {
            CompareResult.Equal => order == 0,
            CompareResult.Greater => order > 0,
            CompareResult.Less => order < 0,
            CompareResult.NotEqual => order != 0,
            _ => throw new InvalidStoreRequestException($"unknown compare result {c.Result}"),
        };
    }
}
