using Cluster.Store.Embedded.Log;
using Cluster.Store.Embedded.Mvcc;
using Cluster.Store.Embedded.Watch;

namespace Cluster.Store.Embedded.Snapshots;

/// <summary>
/// Writes a snapshot while writes go on: it reads the index in slices under the read lock, as of the job's
/// revision, and the event history up to it. The caller keeps compaction from running meanwhile.
/// </summary>
internal static class SnapshotWriter
{
    private const int SliceSize = 4096;

    public static string Write(string directory, SnapshotJob job, MvccState state, EventHistory history)
    {
        var path = Path.Combine(directory, SnapshotFormat.FileName(job.Lsn));
        var tmp = path + ".tmp";
        var buffer = new ByteBuffer(2 * SnapshotFormat.FrameTarget);
        long baseCount = 0, eventCount = 0;
        using (var file = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            var start = Frame.Begin(buffer);
            buffer.WriteByte(SnapshotFormat.Header);
            buffer.WriteVarint(SnapshotFormat.Version);
            buffer.WriteVarint(job.Lsn);
            buffer.WriteVarint(job.Revision);
            buffer.WriteVarint(job.CompactRevision);
            buffer.WriteVarint(job.Leases.Count);
            foreach (var (id, ttl) in job.Leases)
            {
                buffer.WriteVarint(id);
                buffer.WriteVarint(ttl);
            }
            Frame.End(buffer, start);

            baseCount = WriteBase(file, buffer, job, state);
            eventCount = WriteEvents(file, buffer, job, history);

            start = Frame.Begin(buffer);
            buffer.WriteByte(SnapshotFormat.End);
            buffer.WriteVarint(baseCount);
            buffer.WriteVarint(eventCount);
            Frame.End(buffer, start);
            file.Write(buffer.Written);
            file.Flush(flushToDisk: true);
        }
        File.Move(tmp, path, overwrite: true);
        NativeFile.SyncDirectory(directory);
        return path;
    }

    private static long WriteBase(FileStream file, ByteBuffer buffer, SnapshotJob job, MvccState state)
    {
        long count = 0;
        byte[]? after = null;
        var frameStart = -1;
        while (true)
        {
            List<KeyValue> slice;
            state.Lock.EnterReadLock();
            try
            {
                var histories = state.Index.Slice(after, SliceSize);
                if (histories.Count == 0) break;
                after = histories[^1].Key;
                slice = [];
                foreach (var h in histories)
                {
                    if (h.At(job.CompactRevision) is { IsTombstone: false } kv && kv.ModRevision < job.CompactRevision)
                        slice.Add(kv);
                }
            }
            finally
            {
                state.Lock.ExitReadLock();
            }
            foreach (var kv in slice)
            {
                if (frameStart < 0)
                {
                    frameStart = Frame.Begin(buffer);
                    buffer.WriteByte(SnapshotFormat.Base);
                }
                buffer.WriteBytes(kv.Key.Span);
                buffer.WriteBytes(kv.Value.Span);
                buffer.WriteVarint(kv.CreateRevision);
                buffer.WriteVarint(kv.ModRevision);
                buffer.WriteVarint(kv.Version);
                buffer.WriteVarint(kv.Lease);
                count++;
                if (buffer.Length - frameStart >= SnapshotFormat.FrameTarget) frameStart = Flush(file, buffer, frameStart);
            }
        }
        Flush(file, buffer, frameStart);
        return count;
    }

    private static long WriteEvents(FileStream file, ByteBuffer buffer, SnapshotJob job, EventHistory history)
    {
        long count = 0;
        var frameStart = -1;
        for (var pos = history.PositionOf(job.CompactRevision); pos < history.Tail; pos++)
        {
            if (!history.TryGet(pos, out var e)) throw new InvalidOperationException("event history trimmed during a snapshot");
            var kv = e.Kv;
            if (kv.ModRevision > job.Revision) break;
            if (frameStart < 0)
            {
                frameStart = Frame.Begin(buffer);
                buffer.WriteByte(SnapshotFormat.Events);
            }
            var explicitPrev = e.Prev is not null && e.Prev.ModRevision < job.CompactRevision && kv.ModRevision == job.CompactRevision;
            byte flags = 0;
            if (kv.IsTombstone) flags |= SnapshotFormat.Tombstone;
            if (e.Prev is not null) flags |= explicitPrev ? SnapshotFormat.PrevFollows : SnapshotFormat.PrevIsLatest;
            buffer.WriteByte(flags);
            buffer.WriteBytes(kv.Key.Span);
            buffer.WriteVarint(kv.ModRevision);
            if (!kv.IsTombstone) WriteVersion(buffer, kv);
            if (explicitPrev)
            {
                buffer.WriteVarint(e.Prev!.ModRevision);
                WriteVersion(buffer, e.Prev);
            }
            count++;
            if (buffer.Length - frameStart >= SnapshotFormat.FrameTarget) frameStart = Flush(file, buffer, frameStart);
        }
        Flush(file, buffer, frameStart);
        return count;
    }

    private static void WriteVersion(ByteBuffer buffer, KeyValue kv)
    {
        buffer.WriteBytes(kv.Value.Span);
        buffer.WriteVarint(kv.CreateRevision);
        buffer.WriteVarint(kv.Version);
        buffer.WriteVarint(kv.Lease);
    }

    /// <summary>Seals the open frame (if any), writes the buffer out, and returns -1 (no frame open).</summary>
    private static int Flush(FileStream file, ByteBuffer buffer, int frameStart)
    {
        if (frameStart >= 0) Frame.End(buffer, frameStart);
        var before = file.Position;
        file.Write(buffer.Written);
        buffer.Clear();
        // Sync as we go: a large pile of dirty snapshot pages would otherwise be flushed all at once, and the
        // log's fdatasync (waiting on the same journal) would stall behind it.
        if (before / SyncEveryBytes != file.Position / SyncEveryBytes) file.Flush(flushToDisk: true);
        return -1;
    }

    private const long SyncEveryBytes = 8 * 1024 * 1024;
}
