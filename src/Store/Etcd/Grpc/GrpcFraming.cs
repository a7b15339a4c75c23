using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;

namespace Cluster.Store.Etcd.Grpc;

/// <summary>
/// gRPC's length-prefixed message framing: one byte compressed flag (always 0 here: no compression is negotiated),
/// four bytes big-endian length, then the protobuf-encoded message. Shared by the client (<see cref="GrpcChannel"/>)
/// and the server (<c>EtcdApi/</c>).
/// </summary>
internal static class GrpcFraming
{
    public const int HeaderSize = 5;

    /// <summary>The media type of gRPC requests and responses (protobuf is implied).</summary>
    public const string MediaType = "application/grpc";

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

    /// <summary>Writes one message with its frame header into <paramref name="output"/> (not flushed).</summary>
    public static void Write(IBufferWriter<byte> output, IMessage message)
    {
        var size = message.CalculateSize();
        var span = output.GetSpan(HeaderSize + size);
        span[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..HeaderSize], (uint)size);
        message.WriteTo(span.Slice(HeaderSize, size));
        output.Advance(HeaderSize + size);
    }

    /// <summary>
    /// Reads the next message, or returns null if the stream ends cleanly before a new frame starts.
    /// </summary>
    /// <exception cref="GrpcStatusException">The frame is truncated, compressed, too large or not a valid message.</exception>
    public static ValueTask<T?> ReadAsync<T>(Stream stream, MessageParser<T> parser, CancellationToken ct)
        where T : class, IMessage<T> =>
        ReadAsync(stream, parser, MaxMessageSize, ct);

    /// <summary>
    /// Reads the next message of at most <paramref name="maxMessageSize"/> bytes, or returns null if the stream ends
    /// cleanly before a new frame starts. A larger message fails with <see cref="GrpcStatusCode.ResourceExhausted"/>
    /// before anything is allocated for it.
    /// </summary>
    /// <exception cref="GrpcStatusException">The frame is truncated, compressed, too large or not a valid message.</exception>
    public static async ValueTask<T?> ReadAsync<T>(Stream stream, MessageParser<T> parser, int maxMessageSize, CancellationToken ct)
        where T : class, IMessage<T>
    {
        var header = new byte[HeaderSize];
        var read = await stream.ReadAtLeastAsync(header, HeaderSize, throwOnEndOfStream: false, ct);
        if (read == 0) return null;
        if (read < HeaderSize) throw Internal("the stream ended inside a message header");
        if (header[0] != 0)
            throw Internal(header[0] == 1 ? "received a compressed message, but no compression was negotiated" : $"bad frame flag {header[0]}");

        var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1));
        if (length > (uint)maxMessageSize)
            throw new GrpcStatusException(GrpcStatusCode.ResourceExhausted, $"received message larger than max ({length} vs. {maxMessageSize})");

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
