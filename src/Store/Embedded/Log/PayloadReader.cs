namespace Cluster.Store.Embedded.Log;

/// <summary>Reads what <see cref="ByteBuffer"/> wrote: bytes, varints and length-prefixed slices. Throws on truncation.</summary>
internal struct PayloadReader(ReadOnlyMemory<byte> data)
{
    private int _offset;

    public readonly bool AtEnd => _offset >= data.Length;

    public byte ReadByte()
    {
        if (_offset >= data.Length) throw Truncated();
        return data.Span[_offset++];
    }

    public ulong ReadVarintU()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = ReadByte();
            result |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return result;
        }
        throw new InvalidDataException("varint too long");
    }

    public long ReadVarint() => (long)ReadVarintU();

    /// <summary>A slice of the underlying data (not a copy).</summary>
    public ReadOnlyMemory<byte> ReadBytes()
    {
        var length = ReadVarintU();
        if (length > (ulong)(data.Length - _offset)) throw Truncated();
        var slice = data.Slice(_offset, (int)length);
        _offset += (int)length;
        return slice;
    }

    private static InvalidDataException Truncated() => new("payload ends early");
}
