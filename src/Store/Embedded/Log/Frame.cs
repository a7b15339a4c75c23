using System.Buffers.Binary;

namespace Cluster.Store.Embedded.Log;

/// <summary>
/// The on-disk frame shared by log segments and snapshots: payload length (4 bytes), CRC-32C of the payload
/// (4 bytes), CRC-32C of those eight bytes (4 bytes, little-endian all), then the payload. A frame either checks
/// out whole or not at all; the header's own checksum makes scanning for the next good frame cheap.
/// </summary>
internal static class Frame
{
    public const int HeaderSize = 12;

    /// <summary>Frames larger than this are corrupt by definition (the largest request is 1.5 MiB).</summary>
    public const int MaxPayload = 256 * 1024 * 1024;

    /// <summary>Reserves a header; write the payload, then call <see cref="End"/> with the returned start.</summary>
    public static int Begin(ByteBuffer output)
    {
        var start = output.Length;
        output.GetSpan(HeaderSize);
        output.Advance(HeaderSize);
        return start;
    }

    /// <summary>Fills in the header of the frame begun at <paramref name="start"/>.</summary>
    public static void End(ByteBuffer output, int start)
    {
        var frame = output.Written[start..];
        BinaryPrimitives.WriteInt32LittleEndian(frame, frame.Length - HeaderSize);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[4..], Crc32C.Compute(frame[HeaderSize..]));
        BinaryPrimitives.WriteUInt32LittleEndian(frame[8..], Crc32C.Compute(frame[..8]));
    }

    /// <summary>
    /// Reads the frame at <paramref name="offset"/>. Returns its payload, or null if there is no whole valid
    /// frame there (truncated, or a checksum mismatch).
    /// </summary>
    public static ReadOnlyMemory<byte>? TryRead(ReadOnlyMemory<byte> data, long offset, out int frameLength)
    {
        frameLength = 0;
        if (offset < 0 || offset + HeaderSize > data.Length) return null;
        var span = data.Span[(int)offset..];
        if (Crc32C.Compute(span[..8]) != BinaryPrimitives.ReadUInt32LittleEndian(span[8..])) return null;
        var length = BinaryPrimitives.ReadInt32LittleEndian(span);
        if (length <= 0 || length > MaxPayload || HeaderSize + (long)length > span.Length) return null;
        if (Crc32C.Compute(span.Slice(HeaderSize, length)) != BinaryPrimitives.ReadUInt32LittleEndian(span[4..])) return null;
        frameLength = HeaderSize + length;
        return data.Slice((int)offset + HeaderSize, length);
    }

    /// <summary>
    /// True if a valid frame starts anywhere after <paramref name="offset"/>: a bad frame followed by good data
    /// is corruption, while a bad frame followed by nothing valid is a torn tail.
    /// </summary>
    public static bool AnyValidFrameAfter(ReadOnlyMemory<byte> data, long offset)
    {
        for (var o = offset + 1; o + HeaderSize <= data.Length; o++)
        {
            if (TryRead(data, o, out _) is not null) return true;
        }
        return false;
    }
}
