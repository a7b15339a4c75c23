using Microsoft.Extensions.Logging;

namespace Cluster.Store.Embedded.Log;

/// <summary>Where the recovered log ends: the segment to continue, its valid length, and the last sequence number.</summary>
internal sealed record RecoveredTail(string? SegmentPath, long SegmentFirstLsn, long ValidLength, long LastLsn, long ReplayedBytes);

/// <summary>
/// Reads the log back at start-up. Zeros after the last record are space the file system allocated but never
/// wrote before a crash (or that a file system preallocated): they end the segment cleanly. A bad
/// frame with nothing valid after it in the newest segment is a torn write from a crash: it is cut off and
/// logged. Any other bad frame, or a gap in sequence numbers, stops start-up with a
/// <see cref="StoreCorruptedException"/> naming the file and offset.
/// </summary>
internal static partial class LogRecovery
{
    /// <summary>Replays every record after <paramref name="afterLsn"/> (what the snapshot already holds) in order.</summary>
    public static RecoveredTail Replay(string directory, long afterLsn, Action<LogRecord> apply, ILogger logger)
    {
        var segments = WriteAheadLog.ListSegments(directory);
        var lastLsn = afterLsn;
        long replayedBytes = 0;
        RecoveredTail tail = new(null, 0, 0, afterLsn, 0);
        var buffer = Array.Empty<byte>(); // reused across segments: replay copies what it keeps
        for (var i = 0; i < segments.Count; i++)
        {
            var (nameLsn, path) = segments[i];
            var isLast = i == segments.Count - 1;
            var data = ReadSegment(path, ref buffer);

            if (Frame.TryRead(data, 0, out var headerLength) is not { } header)
            {
                if (isLast && !Frame.AnyValidFrameAfter(data, 0))
                {
                    LogTornSegment(logger, path);
                    File.Delete(path);
                    break;
                }
                throw new StoreCorruptedException(path, 0, "log segment header is damaged");
            }
            var firstLsn = LogCodec.ReadSegmentHeader(header);
            if (firstLsn != nameLsn) throw new StoreCorruptedException(path, 0, $"segment header says it starts at record {firstLsn}");
            if (firstLsn > lastLsn + 1)
            {
                throw new StoreCorruptedException(path, 0, lastLsn == 0
                    ? $"the log starts at record {firstLsn} but there is no snapshot covering the records before it (snapshot missing)"
                    : $"records {lastLsn + 1}..{firstLsn - 1} are missing (a snapshot or log segment was lost)");
            }

            long offset = headerLength;
            var expected = firstLsn;
            while (offset < data.Length)
            {
                if (Frame.TryRead(data, offset, out var length) is not { } payload)
                {
                    if (!data.Span[(int)offset..].ContainsAnyExcept((byte)0)) break; // allocated, never written
                    if (isLast && !Frame.AnyValidFrameAfter(data, offset))
                    {
                        LogTornTail(logger, path, offset, data.Length - offset);
                        using (var file = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite))
                        {
                            RandomAccess.SetLength(file, offset);
                            NativeFile.DataSync(file);
                        }
                        break;
                    }
                    throw new StoreCorruptedException(path, offset, "log record is damaged (checksum mismatch or bad length) and valid records follow it");
                }
                LogRecord record;
                try
                {
                    record = LogCodec.ReadRecord(payload);
                }
                catch (InvalidDataException e)
                {
                    throw new StoreCorruptedException(path, offset, $"log record cannot be decoded: {e.Message}");
                }
                if (record.Lsn != expected)
                    throw new StoreCorruptedException(path, offset, $"expected record {expected}, found {record.Lsn}");
                expected++;
                if (record.Lsn > lastLsn)
                {
                    try
                    {
                        apply(record);
                    }
                    catch (InvalidDataException e)
                    {
                        throw new StoreCorruptedException(path, offset, e.Message);
                    }
                    lastLsn = record.Lsn;
                    replayedBytes += length;
                }
                offset += length;
            }
            tail = new RecoveredTail(path, firstLsn, Math.Min(offset, data.Length), lastLsn, 0);
        }
        return tail with { LastLsn = lastLsn, ReplayedBytes = replayedBytes };
    }

    private static ReadOnlyMemory<byte> ReadSegment(string path, ref byte[] buffer)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var length = RandomAccess.GetLength(file);
        if (length > Array.MaxLength) throw new StoreCorruptedException(path, 0, "log segment is impossibly large");
        if (buffer.Length < length) buffer = GC.AllocateUninitializedArray<byte>((int)length);
        var read = 0;
        while (read < length)
        {
            var n = RandomAccess.Read(file, buffer.AsSpan(read, (int)length - read), read);
            if (n == 0) break;
            read += n;
        }
        return buffer.AsMemory(0, read);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Log {Path}: cut off a torn write of {Bytes} bytes at offset {Offset} (a crash during a write that was never acknowledged)")]
    private static partial void LogTornTail(ILogger logger, string path, long offset, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Log {Path}: removed a segment whose creation was interrupted by a crash")]
    private static partial void LogTornSegment(ILogger logger, string path);
}
