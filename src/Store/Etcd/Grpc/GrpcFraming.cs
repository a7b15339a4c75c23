using System.Buffers.Binary;
using Google.Protobuf;

namespace Cluster.Store.Etcd.Grpc;

/// <summary>
/// gRPC's length-prefixed message framing: one byte compressed flag (always 0 here: no compression is negotiated),
/// four bytes big-endian length, then the protobuf-encoded message.
/// </summary>
internal static class GrpcFraming
{
    public const int HeaderSize = 5;

    /// <summary>The largest message accepted from the server (etcd's own client accepts up to 2 GiB too).</summary>
    public static readonly int MaxMessageSize = Array.MaxLength;

    /// <summary>Encodes one message with its frame header.</summary>
    public static byte[] Encode(IMessage message)
    {
        var size = message.CalculateSize();
        var frame = new byte[HeaderSize + size];
        frame[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1, 4), (uint)size);
        message.WriteTo(frame.AsSpan(HeaderSize));
        return frame;
    }

    /// <summary>
    /// Reads the next message, or returns null if the stream ends cleanly before a new frame starts.
    /// </summary>
    /// <exception cref="GrpcStatusException">The frame is truncated, compressed, too large or not a valid message.</exception>
    public static async ValueTask<T?> ReadAsync<T>(Stream stream, MessageParser<T> parser, CancellationToken ct)
        where T : class, IMessage<T>
    {
        var header = new byte[HeaderSize];
        var read = await stream.ReadAtLeastAsync(header, HeaderSize, throwOnEndOfStream: false, ct);
        if (read == 0) return null;
        if (read < HeaderSize) throw Internal("the stream ended inside a message header");
        if (header[0] != 0)
            throw Internal(header[0] == 1 ? "received a compressed message, but no compression was negotiated" : $"bad frame flag {header[0]}");

        var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1));
        if (length > (uint)MaxMessageSize)
            throw new GrpcStatusException(GrpcStatusCode.ResourceExhausted, $"message of {length} bytes exceeds the limit of {MaxMessageSize}");

        var payload = new byte[length];
        try
        {
            await stream.ReadExactlyAsync(payload, ct);
        }
        catch (EndOfStreamException e)
        {
            throw Internal("the stream ended inside a message", e);
        }

        try
        {
            return parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw Internal($"cannot decode {typeof(T).Name}: {e.Message}", e);
        }
    }

    private static GrpcStatusException Internal(string detail, Exception? inner = null) =>
        new(GrpcStatusCode.Internal, detail, inner);
}
