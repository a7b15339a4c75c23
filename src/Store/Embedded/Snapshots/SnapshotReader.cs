using System.Buffers.Binary;
using Cluster.Store.Embedded.Log;
using Cluster.Store.Embedded.Mvcc;
using Cluster.Store.Embedded.Watch;

namespace Cluster.Store.Embedded.Snapshots;

/// <summary>
/// Loads a snapshot into an empty <see cref="MvccState"/> and returns the event history it holds. It streams the
/// file frame by frame, so memory holds the state and one frame, not the file. Any damage is a
/// <see cref="StoreCorruptedException"/> naming the offset.
/// </summary>
internal sealed class SnapshotReader
{
    private readonly string _path;
    private readonly MvccState _state;
    private readonly Dictionary<byte[], KeyHistory> _keys = new(ByteArrayComparer.Instance);
    private readonly Dictionary<byte[], KeyHistory>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private readonly List<HistoryEntry> _events = [];
    private long _offset;

    private SnapshotReader(string path, MvccState state)
    {
        _path = path;
        _state = state;
        _lookup = _keys.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>Fills <paramref name="state"/> from the snapshot and returns its events (revision order).</summary>
    public static List<HistoryEntry> Load(string path, MvccState state) => new SnapshotReader(path, state).Load();

    private List<HistoryEntry> Load()
    {
        using var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        var header = new byte[Frame.HeaderSize];
        var payload = new byte[SnapshotFormat.FrameTarget * 2];
        var sawHeader = false;
        long revision = 0, compact = 0, lsn = 0, baseCount = 0, eventCount = 0;
        while (true)
        {
            var frameOffset = _offset;
            var data = ReadFrame(file, header, ref payload);
            if (data is null) throw Corrupt(frameOffset, "snapshot ends without its end frame (incomplete)");
            var reader = new PayloadReader(data.Value);
            try
            {
                var kind = reader.ReadByte();
                if (!sawHeader && kind != SnapshotFormat.Header) throw Corrupt(frameOffset, "snapshot does not start with a header");
                switch (kind)
                {
                    case SnapshotFormat.Header:
                        if (reader.ReadVarint() != SnapshotFormat.Version) throw Corrupt(frameOffset, "unknown snapshot format version");
                        lsn = reader.ReadVarint();
                        revision = reader.ReadVarint();
                        compact = reader.ReadVarint();
                        for (var n = reader.ReadVarint(); n > 0; n--) _state.Leases.Grant(reader.ReadVarint(), reader.ReadVarint());
                        sawHeader = true;
                        break;
                    case SnapshotFormat.Base:
                        while (!reader.AtEnd) baseCount += ReadBase(ref reader);
                        break;
                    case SnapshotFormat.Events:
                        while (!reader.AtEnd) eventCount += ReadEvent(ref reader, frameOffset);
                        break;
                    case SnapshotFormat.End:
                        if (reader.ReadVarint() != baseCount || reader.ReadVarint() != eventCount)
                            throw Corrupt(frameOffset, "snapshot counts do not match its contents");
                        Finish(lsn, revision, compact);
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

    private int ReadBase(ref PayloadReader reader)
    {
        var key = reader.ReadBytes().ToArray();
        var kv = new KeyValue(key, ValueBytes.Copy(reader.ReadBytes().Span), reader.ReadVarint(), reader.ReadVarint(), reader.ReadVarint(), reader.ReadVarint());
        if (!_keys.TryAdd(key, new KeyHistory(key, kv))) throw new InvalidDataException("a key appears twice in the base");
        return 1;
    }

    private int ReadEvent(ref PayloadReader reader, long frameOffset)
    {
        var flags = reader.ReadByte();
        var keySpan = reader.ReadBytes().Span;
        var modRevision = reader.ReadVarint();
        _lookup.TryGetValue(keySpan, out var h);
        var key = h?.Key ?? keySpan.ToArray();
        var kv = (flags & SnapshotFormat.Tombstone) != 0
            ? KeyValue.Tombstone(key, modRevision)
            : ReadVersion(ref reader, key, modRevision);
        KeyValue? prev = null;
        if ((flags & SnapshotFormat.PrevIsLatest) != 0)
        {
            prev = h?.Latest;
            if (prev is null || prev.IsTombstone) throw Corrupt(frameOffset, "an event's previous version is missing");
        }
        else if ((flags & SnapshotFormat.PrevFollows) != 0)
        {
            prev = ReadVersion(ref reader, key, reader.ReadVarint());
        }
        if (h is null) _keys.Add(key, new KeyHistory(key, kv));
        else h.Append(kv);
        _events.Add(new HistoryEntry(kv, prev));
        return 1;
    }

    private static KeyValue ReadVersion(ref PayloadReader reader, byte[] key, long modRevision)
    {
        var value = ValueBytes.Copy(reader.ReadBytes().Span);
        return new KeyValue(key, value, reader.ReadVarint(), modRevision, reader.ReadVarint(), reader.ReadVarint());
    }

    private void Finish(long lsn, long revision, long compact)
    {
        var sorted = new List<KeyHistory>(_keys.Values);
        sorted.Sort((a, b) => a.Key.AsSpan().SequenceCompareTo(b.Key));
        _state.Index = KeyIndex.FromSorted(sorted);
        foreach (var h in sorted)
        {
            if (h.Latest is { IsTombstone: false, Lease: not 0 } live) _state.Leases.Attach(live.Lease, h);
        }
        _state.Lsn = lsn;
        _state.Revision = revision;
        _state.CompactRevision = compact;
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
