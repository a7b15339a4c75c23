namespace Cluster.ApiServer.Protobuf;

/// <summary>A forward-only reader of protobuf wire data over a span. Every malformed or truncated input raises
/// <see cref="ProtobufDecodeException"/> naming <paramref name="context"/> (the message being read).</summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> data, string context)
{
    private const int MaxGroupDepth = 32;
    private readonly ReadOnlySpan<byte> data = data;
    private int position;

    public readonly bool End => position >= data.Length;

    public readonly string Context => context;

    public (int Number, WireType Wire) ReadTag()
    {
        var tag = ReadVarint();
        var number = tag >> 3;
        if (number == 0 || number > 536_870_911)
        {
            throw Fail($"invalid field number {number}");
        }

        var wire = (int)(tag & 7);
        if (wire > 5)
        {
            throw Fail($"field {number} has invalid wire type {wire}");
        }

        return ((int)number, (WireType)wire);
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= data.Length)
            {
                throw Fail("truncated varint");
            }

            var b = data[position++];
            if (shift == 63 && b > 1)
            {
                throw Fail("varint overflows 64 bits");
            }

            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw Fail("varint longer than 10 bytes");
    }

    public ulong ReadFixed64()
    {
        var bytes = Take(8, "truncated fixed64");
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }

    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        var length = ReadVarint();
        if (length > (ulong)(data.Length - position))
        {
            throw Fail($"length {length} runs past the end of the data ({data.Length - position} bytes left)");
        }

        return Take((int)length, "truncated length-delimited field");
    }

    /// <summary>Skips the value of a field this reader's caller does not know (forward compatibility).</summary>
    public void Skip(int number, WireType wire) => Skip(number, wire, 0);

    public readonly ProtobufDecodeException Fail(string problem) =>
        new($"malformed protobuf in {context} at byte {position}: {problem}");

    private void Skip(int number, WireType wire, int depth)
    {
        switch (wire)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                Take(8, "truncated fixed64");
                break;
            case WireType.LengthDelimited:
                ReadLengthDelimited();
                break;
            case WireType.Fixed32:
                Take(4, "truncated fixed32");
                break;
            case WireType.StartGroup:
                SkipGroup(number, depth);
                break;
            default:
                throw Fail($"unexpected end-group tag for field {number}");
        }
    }

    private void SkipGroup(int number, int depth)
    {
        if (depth >= MaxGroupDepth)
        {
            throw Fail("groups nested too deeply");
        }

        while (true)
        {
            if (End)
            {
                throw Fail($"group {number} is not closed");
            }

            var (inner, wire) = ReadTag();
            if (wire == WireType.EndGroup)
            {
                if (inner != number)
                {
                    throw Fail($"group {number} closed by end-group of field {inner}");
                }

                return;
            }

            Skip(inner, wire, depth + 1);
        }
    }

    private ReadOnlySpan<byte> Take(int count, string problem)
    {
        if (count > data.Length - position)
        {
            throw Fail(problem);
        }

        var slice = data.Slice(position, count);
        position += count;
        return slice;
    }
}
