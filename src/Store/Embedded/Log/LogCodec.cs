namespace Cluster.Store.Embedded.Log;

/// <summary>
/// Payload layouts of the log. A segment starts with a header frame (<see cref="SegmentHeaderKind"/>, the first
/// sequence number it holds), followed by one record frame per write (<see cref="RecordKind"/>, sequence number,
/// revision, item count, items). Numbers are varints; byte strings are length-prefixed.
/// </summary>
internal static class LogCodec
{
    public const byte RecordKind = 0x01;
    public const byte SegmentHeaderKind = 0x10;

    public static void WriteSegmentHeader(ByteBuffer output, long firstLsn)
    {
        var start = Frame.Begin(output);
        output.WriteByte(SegmentHeaderKind);
        output.WriteVarint(firstLsn);
        Frame.End(output, start);
    }

    public static long ReadSegmentHeader(ReadOnlyMemory<byte> payload)
    {
        var reader = new PayloadReader(payload);
        if (reader.ReadByte() != SegmentHeaderKind) throw new InvalidDataException("not a log segment header");
        return reader.ReadVarint();
    }

    public static void WriteRecord(ByteBuffer output, long lsn, long revision, List<LogItem> items)
    {
        var start = Frame.Begin(output);
        output.WriteByte(RecordKind);
        output.WriteVarint(lsn);
        output.WriteVarint(revision);
        output.WriteVarint(items.Count);
        foreach (var item in items)
        {
            output.WriteByte((byte)item.Type);
            switch (item.Type)
            {
                case LogItemType.Put:
                    output.WriteBytes(item.Key.Span);
                    output.WriteBytes(item.Value.Span);
                    output.WriteVarint(item.A);
                    break;
                case LogItemType.Delete:
                    output.WriteBytes(item.Key.Span);
                    break;
                case LogItemType.LeaseGrant:
                    output.WriteVarint(item.A);
                    output.WriteVarint(item.B);
                    break;
                case LogItemType.LeaseRevoke:
                case LogItemType.Compact:
                    output.WriteVarint(item.A);
                    break;
                default:
                    throw new InvalidOperationException($"unknown log item {item.Type}");
            }
        }
        Frame.End(output, start);
    }

    /// <summary>Decodes a record; its keys and values are slices of <paramref name="payload"/>.</summary>
    public static LogRecord ReadRecord(ReadOnlyMemory<byte> payload)
    {
        var reader = new PayloadReader(payload);
        if (reader.ReadByte() != RecordKind) throw new InvalidDataException("not a log record");
        var lsn = reader.ReadVarint();
        var revision = reader.ReadVarint();
        var count = reader.ReadVarint();
        if (count < 0 || count > payload.Length) throw new InvalidDataException("bad item count");
        var items = new List<LogItem>((int)count);
        for (var i = 0; i < count; i++)
        {
            var type = (LogItemType)reader.ReadByte();
            items.Add(type switch
            {
                LogItemType.Put => LogItem.Put(reader.ReadBytes(), reader.ReadBytes(), reader.ReadVarint()),
                LogItemType.Delete => LogItem.Delete(reader.ReadBytes()),
                LogItemType.LeaseGrant => LogItem.LeaseGrant(reader.ReadVarint(), reader.ReadVarint()),
                LogItemType.LeaseRevoke => LogItem.LeaseRevoke(reader.ReadVarint()),
                LogItemType.Compact => LogItem.Compact(reader.ReadVarint()),
                _ => throw new InvalidDataException($"unknown log item type {(byte)type}"),
            });
        }
        if (!reader.AtEnd) throw new InvalidDataException("trailing bytes after log record");
        return new LogRecord(lsn, revision, items);
    }
}
