using System.Buffers.Binary;

namespace Cluster.Kubelet.Server.Spdy;

/// <summary>
/// One SPDY/3.1 frame: a control frame (<see cref="IsControl"/>, with its <see cref="Type"/>) or a data frame of
/// <see cref="StreamId"/>; <see cref="Payload"/> is everything after the 8-byte frame header. Reading and building frames;
/// the meaning of control payloads is the connection's.
/// </summary>
public readonly record struct SpdyFrame(bool IsControl, SpdyFrameType Type, uint StreamId, byte Flags, ReadOnlyMemory<byte> Payload)
{
    public const byte FlagFin = 0x01;
    public const byte FlagUnidirectional = 0x02;
    public const int Version = 3;

    /// <summary>Frames larger than this are refused (header blocks and data here are far smaller).</summary>
    public const int MaxPayload = 1 << 20;

    public bool Fin => (Flags & FlagFin) != 0;

    /// <summary>The next frame, or null at a clean end of the transport (between frames).</summary>
    public static async ValueTask<SpdyFrame?> ReadAsync(Stream transport, CancellationToken ct)
    {
        var head = new byte[8];
        var got = await transport.ReadAtLeastAsync(head, 8, throwOnEndOfStream: false, ct);
        if (got == 0) return null;
        if (got < 8) throw new EndOfStreamException("the SPDY connection ended inside a frame header");
        var flags = head[4];
        var length = (head[5] << 16) | (head[6] << 8) | head[7];
        if (length > MaxPayload) throw new InvalidDataException($"a SPDY frame of {length} bytes");
        var payload = new byte[length];
        await transport.ReadExactlyAsync(payload, ct);
        if ((head[0] & 0x80) == 0)
            return new SpdyFrame(false, 0, BinaryPrimitives.ReadUInt32BigEndian(head) & 0x7FFFFFFF, flags, payload);
        var version = BinaryPrimitives.ReadUInt16BigEndian(head) & 0x7FFF;
        if (version != Version) throw new InvalidDataException($"SPDY version {version}");
        var type = (SpdyFrameType)BinaryPrimitives.ReadUInt16BigEndian(head.AsSpan(2));
        // Stream-scoped control frames start with the stream id; the connection reads the rest.
        var streamId = type is SpdyFrameType.SynStream or SpdyFrameType.SynReply or SpdyFrameType.RstStream or SpdyFrameType.Headers or SpdyFrameType.WindowUpdate
            && length >= 4 ? BinaryPrimitives.ReadUInt32BigEndian(payload) & 0x7FFFFFFF : 0;
        return new SpdyFrame(true, type, streamId, flags, payload);
    }

    public static byte[] Data(uint streamId, ReadOnlySpan<byte> data, bool fin)
    {
        var frame = new byte[8 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, streamId & 0x7FFFFFFF);
        WriteFlagsAndLength(frame, fin ? FlagFin : (byte)0, data.Length);
        data.CopyTo(frame.AsSpan(8));
        return frame;
    }

    public static byte[] Control(SpdyFrameType type, byte flags, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, 0x8000 | Version);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)type);
        WriteFlagsAndLength(frame, flags, payload.Length);
        payload.CopyTo(frame.AsSpan(8));
        return frame;
    }

    /// <summary>SYN_STREAM: stream id, associated stream id, priority and slot, then the header block.</summary>
    public static byte[] SynStream(uint streamId, byte flags, ReadOnlySpan<byte> headerBlock)
    {
        var payload = new byte[10 + headerBlock.Length];
        BinaryPrimitives.WriteUInt32BigEndian(payload, streamId);
        headerBlock.CopyTo(payload.AsSpan(10));
        return Control(SpdyFrameType.SynStream, flags, payload);
    }

    public static byte[] SynReply(uint streamId, byte flags, ReadOnlySpan<byte> headerBlock)
    {
        var payload = new byte[4 + headerBlock.Length];
        BinaryPrimitives.WriteUInt32BigEndian(payload, streamId);
        headerBlock.CopyTo(payload.AsSpan(4));
        return Control(SpdyFrameType.SynReply, flags, payload);
    }

    public static byte[] RstStream(uint streamId, uint status) => Control(SpdyFrameType.RstStream, 0, TwoWords(streamId, status));

    public static byte[] Ping(uint id)
    {
        var payload = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(payload, id);
        return Control(SpdyFrameType.Ping, 0, payload);
    }

    public static byte[] GoAway(uint lastGoodStreamId, uint status) => Control(SpdyFrameType.GoAway, 0, TwoWords(lastGoodStreamId, status));

    /// <summary>The header block of a SYN_STREAM (after stream id, associated id, priority and slot).</summary>
    public ReadOnlyMemory<byte> SynStreamHeaderBlock => Payload.Length >= 10 ? Payload[10..] : ReadOnlyMemory<byte>.Empty;

    /// <summary>The header block of a SYN_REPLY or HEADERS frame (after the stream id).</summary>
    public ReadOnlyMemory<byte> ReplyHeaderBlock => Payload.Length >= 4 ? Payload[4..] : ReadOnlyMemory<byte>.Empty;

    /// <summary>The second 32-bit word of the payload (RST_STREAM's status, GOAWAY's status).</summary>
    public uint SecondWord => Payload.Length >= 8 ? BinaryPrimitives.ReadUInt32BigEndian(Payload.Span[4..]) : 0;

    public uint FirstWord => Payload.Length >= 4 ? BinaryPrimitives.ReadUInt32BigEndian(Payload.Span) : 0;

    private static void WriteFlagsAndLength(byte[] frame, byte flags, int length)
    {
        if (length > 0xFFFFFF) throw new ArgumentOutOfRangeException(nameof(length), "a SPDY frame holds at most 16 MiB");
        frame[4] = flags;
        frame[5] = (byte)(length >> 16);
        frame[6] = (byte)(length >> 8);
        frame[7] = (byte)length;
    }

    private static byte[] TwoWords(uint first, uint second)
    {
        var payload = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(payload, first & 0x7FFFFFFF);
        BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(4), second);
        return payload;
    }
}
