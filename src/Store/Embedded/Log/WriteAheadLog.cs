using Microsoft.Win32.SafeHandles;

namespace Cluster.Store.Embedded.Log;

/// <summary>
/// The append side of the log: a directory of segments named by the first sequence number they hold.
/// </summary>
/// <remarks>
/// Segments are preallocated and filled with zeros ahead of use (in the background, once writes show up), so a
/// record overwrites blocks the file already owns and fdatasync flushes just that data: no size change, no
/// journal commit that would wait behind other files' dirty pages. A segment that is not preallocated (the first
/// one, or when no spare is ready) simply grows. The write loop appends and rolls, the sync loop syncs (never
/// during a roll), and the maintenance loop deletes whole segments a snapshot has covered.
/// </remarks>
internal sealed class WriteAheadLog : IDisposable
{
    private const string Extension = ".wal";
    private const string SpareName = "spare.tmp";

    /// <summary>A growing segment past this size is worth replacing by a preallocated one.</summary>
    private const long GrowingSegmentLimit = 1024 * 1024;

    private readonly string _directory;
    private readonly long _segmentSize;
    private SafeFileHandle _file;
    private long _offset;
    private bool _preallocated;
    private Task<bool>? _spare;

    private WriteAheadLog(string directory, long segmentSize, SafeFileHandle file, long offset, long firstLsn, bool preallocated)
    {
        _directory = directory;
        _segmentSize = segmentSize;
        _file = file;
        _offset = offset;
        _preallocated = preallocated;
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
        var preallocated = RandomAccess.GetLength(file) >= segmentSize;
        return new WriteAheadLog(directory, segmentSize, file, validLength, firstLsn, preallocated);
    }

    /// <summary>Starts a new (growing) segment whose first record will be <paramref name="firstLsn"/>.</summary>
    public static WriteAheadLog Create(string directory, long segmentSize, long firstLsn)
    {
        var (file, offset) = CreateGrowingSegment(directory, firstLsn);
        return new WriteAheadLog(directory, segmentSize, file, offset, firstLsn, preallocated: false);
    }

    /// <summary>
    /// True if a write of <paramref name="bytes"/> should go to a new segment: the current one is full, or it grows
    /// and a preallocated spare is ready.
    /// </summary>
    public bool ShouldRoll(int bytes) =>
        _offset + bytes > _segmentSize || (!_preallocated && _spare is { IsCompletedSuccessfully: true, Result: true });

    /// <summary>
    /// Moves to a new segment whose first record is <paramref name="firstLsn"/>: the spare if one is ready, else a
    /// growing file. Everything appended so far must be synced first (nothing may sync the old file afterwards).
    /// </summary>
    public void Roll(long firstLsn)
    {
        if (_spare is { IsCompletedSuccessfully: true, Result: true }) UseSpare(firstLsn);
        else
        {
            var (file, offset) = CreateGrowingSegment(_directory, firstLsn);
            Replace(file, offset, firstLsn, preallocated: false);
        }
    }

    /// <summary>Writes at the end of the segment; not durable until <see cref="Sync"/>.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        RandomAccess.Write(_file, data, _offset);
        _offset += data.Length;
        PrepareSpareIfUseful();
    }

    public void Sync() => NativeFile.DataSync(_file);

    /// <summary>Takes back a failed append: zeroes what it may have written (or cuts a growing file back).</summary>
    public void Discard(long offset)
    {
        if (_preallocated)
        {
            var zeros = new byte[Math.Min(_offset - offset, 1 << 20)];
            for (var at = offset; at < _offset; at += zeros.Length)
                RandomAccess.Write(_file, zeros.AsSpan(0, (int)Math.Min(zeros.Length, _offset - at)), at);
        }
        else
        {
            RandomAccess.SetLength(_file, offset);
        }
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

    public void Dispose()
    {
        try
        {
            _spare?.Wait();
        }
        catch (AggregateException)
        {
            // a failed spare is simply not used
        }
        _file.Dispose();
    }

    private void PrepareSpareIfUseful()
    {
        if (_spare is not null) return;
        var useful = _preallocated ? _offset > _segmentSize / 2 : _offset > Math.Min(GrowingSegmentLimit, _segmentSize / 4);
        if (useful) _spare = Task.Run(() => PrepareSpare(Path.Combine(_directory, SpareName), _segmentSize));
    }

    /// <summary>Writes a zero-filled file of the segment size and syncs it; false if the disk could not take it.</summary>
    private static bool PrepareSpare(string path, long size)
    {
        try
        {
            using var file = File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None);
            var zeros = new byte[1 << 20];
            for (long at = 0; at < size; at += zeros.Length)
                RandomAccess.Write(file, zeros.AsSpan(0, (int)Math.Min(zeros.Length, size - at)), at);
            NativeFile.DataSync(file);
            return true;
        }
        catch (IOException)
        {
            File.Delete(path);
            return false;
        }
    }

    private void UseSpare(long firstLsn)
    {
        var spare = Path.Combine(_directory, SpareName);
        var header = Header(firstLsn);
        var file = File.OpenHandle(spare, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            RandomAccess.Write(file, header.Written, 0);
            NativeFile.DataSync(file);
            File.Move(spare, Path.Combine(_directory, SegmentName(firstLsn)));
            NativeFile.SyncDirectory(_directory);
        }
        catch
        {
            file.Dispose();
            throw;
        }
        _spare = null;
        Replace(file, header.Length, firstLsn, preallocated: true);
    }

    private void Replace(SafeFileHandle file, long offset, long firstLsn, bool preallocated)
    {
        _file.Dispose();
        _file = file;
        _offset = offset;
        _preallocated = preallocated;
        SegmentFirstLsn = firstLsn;
    }

    private static ByteBuffer Header(long firstLsn)
    {
        var header = new ByteBuffer(64);
        LogCodec.WriteSegmentHeader(header, firstLsn);
        return header;
    }

    private static (SafeFileHandle File, long Offset) CreateGrowingSegment(string directory, long firstLsn)
    {
        var header = Header(firstLsn);
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
