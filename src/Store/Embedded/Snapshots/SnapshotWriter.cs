using System.Runtime.InteropServices;
using Cluster.Store.Embedded.Log;
using Cluster.Store.Embedded.Mvcc;
using Cluster.Store.Embedded.Watch;

namespace Cluster.Store.Embedded.Snapshots;

/// <summary>
/// Writes a snapshot (see <see cref="SnapshotFormat"/>) while writes go on: it reads the index in slices under the
/// read lock, as of the job's revision, and the event history up to it. The caller keeps compaction from running
/// meanwhile.
/// </summary>
internal sealed class SnapshotWriter
{
    private const int SliceSize = 4096;

    /// <summary>A large pile of dirty snapshot pages would be flushed at once and stall the log's fdatasync.</summary>
    private const long SyncEveryBytes = 8 * 1024 * 1024;

    private readonly SnapshotJob _job;
    private readonly FileStream _file;
    private readonly ByteBuffer _buffer = new(2 * SnapshotFormat.FrameTarget);
    private readonly Dictionary<byte[], int> _ordinals = new(ReferenceEqualityComparer.Instance);
    private int _frameStart = -1;
    private long _lastSync;

    private SnapshotWriter(SnapshotJob job, FileStream file)
    {
        _job = job;
        _file = file;
    }

    public static string Write(string directory, SnapshotJob job, MvccState state, EventHistory history)
    {
        var path = Path.Combine(directory, SnapshotFormat.FileName(job.Lsn));
        var tmp = path + ".tmp";
        using (var file = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            var writer = new SnapshotWriter(job, file);
            writer.WriteHeader();
            var keys = writer.WriteKeys(state);
            var changes = writer.WriteOrder(history);
            writer.WriteEnd(keys, changes);
            file.Flush(flushToDisk: true);
        }
        File.Move(tmp, path, overwrite: true);
        NativeFile.SyncDirectory(directory);
        return path;
    }

    private void WriteHeader()
    {
        var start = Frame.Begin(_buffer);
        _buffer.WriteByte(SnapshotFormat.Header);
        _buffer.WriteVarint(SnapshotFormat.Version);
        _buffer.WriteVarint(_job.Lsn);
        _buffer.WriteVarint(_job.Revision);
        _buffer.WriteVarint(_job.CompactRevision);
        _buffer.WriteVarint(_job.Leases.Count);
        foreach (var (id, ttl) in _job.Leases)
        {
            _buffer.WriteVarint(id);
            _buffer.WriteVarint(ttl);
        }
        Frame.End(_buffer, start);
    }

    private long WriteKeys(MvccState state)
    {
        var versions = new List<KeyValue>();
        var slice = new List<(byte[] Key, KeyValue[] Versions)>(SliceSize);
        byte[]? after = null;
        var ordinal = 0;
        while (true)
        {
            slice.Clear();
            state.Lock.EnterReadLock();
            try
            {
                var histories = state.Index.Slice(after, SliceSize);
                if (histories.Count == 0) break;
                after = histories[^1].Key;
                foreach (var h in histories)
                {
                    if (Retained(h, versions)) slice.Add((h.Key, [.. versions]));
                }
            }
            finally
            {
                state.Lock.ExitReadLock();
            }
            foreach (var (key, kept) in slice)
            {
                if (kept[^1].ModRevision >= _job.CompactRevision) _ordinals.Add(key, ordinal);
                ordinal++;
                Open(SnapshotFormat.Keys);
                _buffer.WriteBytes(key);
                _buffer.WriteVarint(kept.Length);
                foreach (var kv in kept)
                {
                    _buffer.WriteByte(kv.IsTombstone ? SnapshotFormat.Tombstone : (byte)0);
                    _buffer.WriteVarint(kv.ModRevision);
                    if (kv.IsTombstone) continue;
                    _buffer.WriteBytes(kv.Value.Span);
                    _buffer.WriteVarint(kv.CreateRevision);
                    _buffer.WriteVarint(kv.Version);
                    _buffer.WriteVarint(kv.Lease);
                }
                CutIfFull();
            }
        }
        Flush();
        return ordinal;
    }

    /// <summary>The versions of <paramref name="h"/> the snapshot keeps, as of the job's revision; false if none.</summary>
    private bool Retained(KeyHistory h, List<KeyValue> versions)
    {
        versions.Clear();
        for (var i = 0; i < h.Count; i++)
        {
            var kv = h.VersionAt(i);
            if (kv.ModRevision > _job.Revision) break;
            if (kv.ModRevision < _job.CompactRevision) versions.Clear(); // only the newest one before the compacted revision counts
            versions.Add(kv);
        }
        if (versions.Count > 0 && versions[0].ModRevision < _job.CompactRevision && versions[0].IsTombstone) versions.RemoveAt(0);
        return versions.Count > 0;
    }

    private long WriteOrder(EventHistory history)
    {
        long count = 0;
        for (var pos = history.PositionOf(_job.CompactRevision); pos < history.Tail; pos++)
        {
            if (!history.TryGet(pos, out var e)) throw new InvalidOperationException("event history trimmed during a snapshot");
            if (e.Kv.ModRevision > _job.Revision) break;
            if (!MemoryMarshal.TryGetArray(e.Kv.Key, out var key) || !_ordinals.TryGetValue(key.Array!, out var ordinal))
                throw new InvalidOperationException("a change in the event history has no key in the index");
            Open(SnapshotFormat.Order);
            _buffer.WriteVarint(ordinal);
            count++;
            CutIfFull();
        }
        Flush();
        return count;
    }

    private void WriteEnd(long keys, long changes)
    {
        var start = Frame.Begin(_buffer);
        _buffer.WriteByte(SnapshotFormat.End);
        _buffer.WriteVarint(keys);
        _buffer.WriteVarint(changes);
        Frame.End(_buffer, start);
        Flush();
    }

    private void Open(byte kind)
    {
        if (_frameStart >= 0) return;
        _frameStart = Frame.Begin(_buffer);
        _buffer.WriteByte(kind);
    }

    private void CutIfFull()
    {
        if (_buffer.Length - _frameStart >= SnapshotFormat.FrameTarget) Flush();
    }

    /// <summary>Seals the open frame (if any) and writes the buffer out.</summary>
    private void Flush()
    {
        if (_frameStart >= 0) Frame.End(_buffer, _frameStart);
        _frameStart = -1;
        _file.Write(_buffer.Written);
        _buffer.Clear();
        if (_file.Position - _lastSync >= SyncEveryBytes)
        {
            _file.Flush(flushToDisk: true);
            _lastSync = _file.Position;
        }
    }
}
