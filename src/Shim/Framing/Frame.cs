using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Cluster.Shim.Native;

namespace Cluster.Shim.Framing;

/// <summary>Encoding and decoding of frames (see <see cref="FrameType"/>).</summary>
internal static class Frame
{
    public const int HeaderSize = 5;

    /// <summary>Frames larger than this are refused: a bad client cannot make the shim allocate without bound.</summary>
    public const int MaxPayload = 1 << 20;

    public static byte[] Encode(FrameType type, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[HeaderSize + payload.Length];
        frame[0] = (byte)type;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), payload.Length);
        payload.CopyTo(frame.AsSpan(HeaderSize));
        return frame;
    }

    public static byte[] Exit(int exitCode) => Encode(FrameType.Exit, Encoding.ASCII.GetBytes($"{{\"exitCode\":{exitCode}}}"));

    /// <summary>Reads one frame from a descriptor; null at end of input or on a malformed frame.</summary>
    public static (FrameType Type, byte[] Payload)? Read(int fd)
    {
        var header = new byte[HeaderSize];
        if (!Fd.ReadExactly(fd, header)) return null;
        var length = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1));
        if (length is < 0 or > MaxPayload) return null;
        var payload = new byte[length];
        if (!Fd.ReadExactly(fd, payload)) return null;
        return ((FrameType)header[0], payload);
    }

    /// <summary>Parses a resize payload <c>{"Width":w,"Height":h}</c> (names case-insensitive); null if it is not one.</summary>
    public static (ushort Width, ushort Height)? ParseResize(byte[] payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            int? width = null, height = null;
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                if (!reader.Read()) return null;
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value))
                {
                    if (string.Equals(name, "Width", StringComparison.OrdinalIgnoreCase)) width = value;
                    else if (string.Equals(name, "Height", StringComparison.OrdinalIgnoreCase)) height = value;
                }
                else reader.Skip();
            }
            if (width is not (>= 0 and <= ushort.MaxValue) || height is not (>= 0 and <= ushort.MaxValue)) return null;
            return ((ushort)width.Value, (ushort)height.Value);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
