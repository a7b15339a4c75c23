using System.Buffers.Binary;
using Cluster.Store.Embedded.Log;
using Cluster.Store.Embedded.Mvcc;
using Cluster.Store.Embedded.Watch;

namespace Cluster.Store.Embedded.Snapshots;

/// <summary>
/// Loads a snapshot (see <see cref="SnapshotFormat"/>) into an empty <see cref="MvccState"/> and returns the event
/// history it holds. It streams the file frame by frame; keys arrive sorted, so the index is built without sorting
/// or hashing. Values stay where they were read: each key frame gets its own buffer, and the values are slices of
/// it. That spares the garbage collector a million small arrays to copy through its generations on a large load;
/// the price is that a frame's buffer (about 1 MiB) lives while any value in it does. Any damage is a
/// <see cref="StoreCorruptedException"/> naming the offset.
/// </summary>
internal sealed class SnapshotReader
{
    private readonly string _path;
    private readonly MvccState _state;
    private readonly List<KeyHistory> _keys = [];
    private readonly List<int> _cursors = []; // per key: index of its next version to hand to the event history
    private readonly List<HistoryEntry> _events = [];
    private long _compactRevision;
    private long _offset;

    private SnapshotReader(string path, MvccState state)
    {
        _path = path;
        _state = state;
    }

    /// <summary>Fills <paramref name="state"/> from the snapshot and returns its events (revision order).</summary>
    public static List<HistoryEntry> Load(string path, MvccState state) => new SnapshotReader(path, state).Load();

    private List<HistoryEntry> Load()
    {
        using var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        var header = new byte[Frame.HeaderSize];
        var payload = new byte[SnapshotFormat.FrameTarget * 2];
        var sawHeader = false;
        long revision = 0, lsn = 0;
        while (true)
        {
            var frameOffset = _offset;
            var data = ReadFrame(file, header, ref payload) ?? throw Corrupt(frameOffset, "snapshot ends without its end frame (incomplete)");
            if (data.Span[0] == SnapshotFormat.Keys)
            {
                data = data.ToArray(); // values will point into this frame, so it must not be reused
            }
            var reader = new PayloadReader(data);
            try
            {
                var kind = reader.ReadByte();
                if (sawHeader == (kind == SnapshotFormat.Header)) throw Corrupt(frameOffset, "snapshot header missing or repeated");
                switch (kind)
                {
                    case SnapshotFormat.Header:
                        if (reader.ReadVarint() != SnapshotFormat.Version) throw Corrupt(frameOffset, "unknown snapshot format version");
                        lsn = reader.ReadVarint();
                        revision = reader.ReadVarint();
                        _compactRevision = reader.ReadVarint();
                        for (var n = reader.ReadVarint(); n > 0; n--) _state.Leases.Grant(reader.ReadVarint(), reader.ReadVarint());
                        sawHeader = true;
                        break;
                    case SnapshotFormat.Keys:
                        while (!reader.AtEnd) ReadKey(ref reader, frameOffset);
                        break;
                    case SnapshotFormat.Order:
                        while (!reader.AtEnd) ReadChange(ref reader, frameOffset);
                        break;
                    case SnapshotFormat.End:
                        if (reader.ReadVarint() != _keys.Count || reader.ReadVarint() != _events.Count)
                            throw Corrupt(frameOffset, "snapshot counts do not match its contents");
                        Finish(lsn, revision);
                        return _events;
                    default:
                        throw Corrupt(frameOffset, $"unknown snapshot frame kind {kind}");
                }
            }
            catch (InvalidDataException e)
            {
                throw Corrupt(frameOffset, e.Message);
            }
        }
    }

    private void ReadKey(ref PayloadReader reader, long frameOffset)
    {
        var key = reader.ReadBytes().ToArray();
        if (_keys.Count > 0 && _keys[^1].Key.AsSpan().SequenceCompareTo(key) >= 0) throw Corrupt(frameOffset, "snapshot keys out of order");
        var count = reader.ReadVarint();
        if (count <= 0 || count > int.MaxValue) throw Corrupt(frameOffset, "a key without versions");
        if (count == 1)
        {
            var only = ReadVersion(ref reader, key);
            _keys.Add(new KeyHistory(key, only));
            _cursors.Add(only.ModRevision >= _compactRevision ? 0 : 1);
            return;
        }
        var versions = new KeyValue[count];
        var firstChange = (int)count;
        for (var i = 0; i < count; i++)
        {
            versions[i] = ReadVersion(ref reader, key);
            if (firstChange == count && versions[i].ModRevision >= _compactRevision) firstChange = i;
        }
        _keys.Add(KeyHistory.FromVersions(key, versions));
        _cursors.Add(firstChange);
    }

    private static KeyValue ReadVersion(ref PayloadReader reader, byte[] key)
    {
        var flags = reader.ReadByte();
        var modRevision = reader.ReadVarint();
        return (flags & SnapshotFormat.Tombstone) != 0
            ? KeyValue.Tombstone(key, modRevision)
            : new KeyValue(key, reader.ReadBytes(), reader.ReadVarint(), modRevision, reader.ReadVarint(), reader.ReadVarint());
    }

    /// <summary>The next change is the next not-yet-handed-out version of the key with this ordinal.</summary>
    private void ReadChange(ref PayloadReader reader, long frameOffset)
    {
        var ordinal = reader.ReadVarint();
        if (ordinal < 0 || ordinal >= _keys.Count) throw Corrupt(frameOffset, "a change refers to a key that is not there");
        var h = _keys[(int)ordinal];
        var index = _cursors[(int)ordinal];
        if (index >= h.Count) throw Corrupt(frameOffset, "more changes than versions for a key");
        _cursors[(int)ordinal] = index + 1;
        var prev = index > 0 && h.VersionAt(index - 1) is { IsTombstone: false } p ? p : null;
        _events.Add(new HistoryEntry(h.VersionAt(index), prev));
    }

    private void Finish(long lsn, long revision)
    {
        _state.Index = KeyIndex.FromSorted(_keys);
        foreach (var h in _keys)
        {
            if (h.Latest is { IsTombstone: false, Lease: not 0 } live) _state.Leases.Attach(live.Lease, h);
        }
        _state.Lsn = lsn;
        _state.Revision = revision;
        _state.CompactRevision = _compactRevision;
        _state.Publish(revision);
    }

    /// <summary>Reads and checks the next frame; null at a clean end of file, corruption otherwise.</summary>
    private ReadOnlyMemory<byte>? ReadFrame(FileStream file, byte[] header, ref byte[] payload)
    {
        var start = _offset;
        var got = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (got == 0) return null;
        if (got < header.Length) throw Corrupt(start, "snapshot frame header is cut short");
        if (Crc32C.Compute(header.AsSpan(0, 8)) != BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8)))
            throw Corrupt(start, "snapshot frame header checksum mismatch");
        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length <= 0 || length > Frame.MaxPayload) throw Corrupt(start, "snapshot frame has a bad length");
        if (payload.Length < length) payload = new byte[length];
        if (file.ReadAtLeast(payload.AsSpan(0, length), length, throwOnEndOfStream: false) < length)
            throw Corrupt(start, "snapshot frame is cut short");
        if (Crc32C.Compute(payload.AsSpan(0, length)) != BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4)))
            throw Corrupt(start, "snapshot frame checksum mismatch");
        _offset += Frame.HeaderSize + length;
        return payload.AsMemory(0, length);
    }

    private StoreCorruptedException Corrupt(long offset, string detail) => new(_path, offset, detail);
}
