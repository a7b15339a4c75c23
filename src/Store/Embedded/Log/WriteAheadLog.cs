using Microsoft.Win32.SafeHandles;

namespace Cluster.Store.Embedded.Log;

/// <summary>
/// The append side of the log: a directory of segments named by the first sequence number they hold. A segment
/// grows until it reaches the segment size, then the log rolls to a new one. The write loop appends and rolls,
/// the sync loop syncs (never during a roll), and the maintenance loop deletes whole segments a snapshot has
/// covered.
/// </summary>
/// <remarks>
/// Segments are not preallocated: zero-filling them ahead of use was measured here to make fdatasync about a
/// fifth cheaper, but the 64 MiB bursts of zeros made the log's own syncs stall behind them and raised the p99
/// write latency more than that gained.
/// </remarks>
internal sealed class WriteAheadLog : IDisposable
{
    private const string Extension = ".wal";

    private readonly string _directory;
    private readonly long _segmentSize;
    private SafeFileHandle _file;
    private long _offset;

    private WriteAheadLog(string directory, long segmentSize, SafeFileHandle file, long offset, long firstLsn)
    {
        _directory = directory;
        _segmentSize = segmentSize;
        _file = file;
        _offset = offset;
        SegmentFirstLsn = firstLsn;
    }

    /// <summary>The first sequence number of the segment being appended to.</summary>
    public long SegmentFirstLsn { get; private set; }

    /// <summary>Where the next record goes in the current segment.</summary>
    public long Offset => _offset;

    public static string SegmentName(long firstLsn) => $"{firstLsn:x16}{Extension}";

    /// <summary>Segments in the directory, oldest first, with the first sequence number their names give.</summary>
    public static List<(long FirstLsn, string Path)> ListSegments(string directory)
    {
        var result = new List<(long, string)>();
        foreach (var path in Directory.EnumerateFiles(directory, "*" + Extension))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (name.Length == 16 && long.TryParse(name, System.Globalization.NumberStyles.HexNumber, null, out var lsn))
                result.Add((lsn, path));
        }
        result.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return result;
    }

    /// <summary>Continues the recovered tail segment at <paramref name="validLength"/>.</summary>
    public static WriteAheadLog Continue(string directory, long segmentSize, string path, long firstLsn, long validLength)
    {
        var file = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        if (RandomAccess.GetLength(file) > validLength) RandomAccess.SetLength(file, validLength);
        return new WriteAheadLog(directory, segmentSize, file, validLength, firstLsn);
    }

    /// <summary>Starts a new segment whose first record will be <paramref name="firstLsn"/>.</summary>
    public static WriteAheadLog Create(string directory, long segmentSize, long firstLsn)
    {
        var (file, offset) = CreateSegment(directory, firstLsn);
        return new WriteAheadLog(directory, segmentSize, file, offset, firstLsn);
    }

    /// <summary>True if a write of <paramref name="bytes"/> should go to a new segment.</summary>
    public bool ShouldRoll(int bytes) => _offset + bytes > _segmentSize;

    /// <summary>
    /// Moves to a new segment whose first record is <paramref name="firstLsn"/>. Everything appended so far must
    /// be synced first (nothing may sync the old file afterwards).
    /// </summary>
    public void Roll(long firstLsn)
    {
        var (file, offset) = CreateSegment(_directory, firstLsn);
        _file.Dispose();
        _file = file;
        _offset = offset;
        SegmentFirstLsn = firstLsn;
    }

    /// <summary>Writes at the end of the segment; not durable until <see cref="Sync"/>.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        RandomAccess.Write(_file, data, _offset);
        _offset += data.Length;
    }

    public void Sync() => NativeFile.DataSync(_file);

    /// <summary>Takes back a failed append: cuts the segment back to <paramref name="offset"/>.</summary>
    public void Discard(long offset)
    {
        RandomAccess.SetLength(_file, offset);
        _offset = offset;
    }

    /// <summary>Deletes every segment whose records all lie at or below <paramref name="coveredLsn"/>.</summary>
    public static void DeleteCoveredSegments(string directory, long coveredLsn)
    {
        var segments = ListSegments(directory);
        for (var i = 0; i + 1 < segments.Count; i++)
        {
            if (segments[i + 1].FirstLsn <= coveredLsn + 1) File.Delete(segments[i].Path);
        }
        NativeFile.SyncDirectory(directory);
    }

    public void Dispose() => _file.Dispose();

    private static (SafeFileHandle File, long Offset) CreateSegment(string directory, long firstLsn)
    {
        var header = new ByteBuffer(64);
        LogCodec.WriteSegmentHeader(header, firstLsn);
        var path = Path.Combine(directory, SegmentName(firstLsn));
        var file = File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            RandomAccess.Write(file, header.Written, 0);
            NativeFile.DataSync(file);
            NativeFile.SyncDirectory(directory);
            return (file, header.Length);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }
}
