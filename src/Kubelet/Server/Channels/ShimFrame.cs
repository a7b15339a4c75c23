using System.Buffers.Binary;
using Cluster.Shim.Framing;

namespace Cluster.Kubelet.Server.Channels;

/// <summary>
/// One frame of the shim's protocol, and its reading and writing. A reader is used by one task at a time; so is a writer.
/// </summary>
public readonly record struct ShimFrame(FrameType Type, ReadOnlyMemory<byte> Payload)
{
    /// <summary>Frames larger than this are a protocol error (the shim sends at most a pipe buffer's worth).</summary>
    public const int MaxPayload = 1 << 20;

    public static async ValueTask WriteAsync(Stream stream, FrameType type, ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = (byte)type;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), payload.Length);
        payload.CopyTo(frame.AsMemory(5));
        await stream.WriteAsync(frame, ct);
        await stream.FlushAsync(ct);
    }

    /// <summary>The next frame, or null at a clean end of the stream (between frames).</summary>
    public static async ValueTask<ShimFrame?> ReadAsync(Stream stream, CancellationToken ct)
    {
        var head = new byte[5];
        var got = await stream.ReadAtLeastAsync(head, 5, throwOnEndOfStream: false, ct);
        if (got == 0) return null;
        if (got < 5) throw new EndOfStreamException("the shim's stream ended inside a frame header");
        var length = BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(1));
        if (length is < 0 or > MaxPayload) throw new InvalidDataException($"a shim frame of {length} bytes");
        var payload = new byte[length];
        await stream.ReadExactlyAsync(payload, ct);
        return new ShimFrame((FrameType)head[0], payload);
    }
}
