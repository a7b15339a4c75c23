using Microsoft.Win32.SafeHandles;

namespace Cluster.Store.Embedded.Log;

/// <summary>
/// The append side of the log: a directory of segments named by the first sequence number they hold. Only the
/// write loop appends, syncs and rolls; the maintenance loop deletes whole segments a snapshot has covered.
/// </summary>
internal sealed class WriteAheadLog : IDisposable
{
    private const string Extension = ".wal";
    private readonly string _directory;
    private SafeFileHandle _file;
    private long _offset;

    private WriteAheadLog(string directory, SafeFileHandle file, long offset, long firstLsn)
    {
        _directory = directory;
        _file = file;
        _offset = offset;
        SegmentFirstLsn = firstLsn;
    }

    /// <summary>The first sequence number of the segment being appended to.</summary>
    public long SegmentFirstLsn { get; private set; }

    /// <summary>Bytes appended to the current segment.</summary>
    public long SegmentBytes => _offset;

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
    public static WriteAheadLog Continue(string directory, string path, long firstLsn, long validLength)
    {
        var file = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        return new WriteAheadLog(directory, file, validLength, firstLsn);
    }

    /// <summary>Starts a new segment whose first record will be <paramref name="firstLsn"/>.</summary>
    public static WriteAheadLog Create(string directory, long firstLsn)
    {
        var (file, offset) = CreateSegment(directory, firstLsn);
        return new WriteAheadLog(directory, file, offset, firstLsn);
    }

    /// <summary>Writes at the end of the segment; not durable until <see cref="Sync"/>.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        RandomAccess.Write(_file, data, _offset);
        _offset += data.Length;
    }

    public void Sync() => NativeFile.DataSync(_file);

    /// <summary>Cuts the segment back to <paramref name="offset"/> after a failed append.</summary>
    public void TruncateTo(long offset)
    {
        RandomAccess.SetLength(_file, offset);
        _offset = offset;
    }

    public long Offset => _offset;

    /// <summary>Closes the current segment (already synced) and starts a new one at <paramref name="firstLsn"/>.</summary>
    public void Roll(long firstLsn)
    {
        var (file, offset) = CreateSegment(_directory, firstLsn);
        _file.Dispose();
        _file = file;
        _offset = offset;
        SegmentFirstLsn = firstLsn;
    }

    /// <summary>Deletes every segment older than the one starting at <paramref name="keepFromLsn"/>.</summary>
    public static void DeleteSegmentsBefore(string directory, long keepFromLsn)
    {
        foreach (var (lsn, path) in ListSegments(directory))
        {
            if (lsn < keepFromLsn) File.Delete(path);
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
