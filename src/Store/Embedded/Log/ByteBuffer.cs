using System.Buffers;

namespace Cluster.Store.Embedded.Log;

/// <summary>A growable byte buffer whose written part stays writable (frames patch their headers in place).</summary>
internal sealed class ByteBuffer(int capacity = 64 * 1024) : IBufferWriter<byte>
{
    private byte[] _buffer = new byte[capacity];

    public int Length { get; private set; }

    public Span<byte> Written => _buffer.AsSpan(0, Length);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, Length);

    public void Clear() => Length = 0;

    /// <summary>Drops everything after <paramref name="length"/>.</summary>
    public void Truncate(int length) => Length = length;

    public void Advance(int count) => Length += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(Length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(Length);
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        data.CopyTo(GetSpan(data.Length));
        Advance(data.Length);
    }

    public void WriteByte(byte b)
    {
        GetSpan(1)[0] = b;
        Advance(1);
    }

    public void WriteVarint(ulong value)
    {
        var span = GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[i++] = (byte)value;
        Advance(i);
    }

    public void WriteVarint(long value) => WriteVarint((ulong)value);

    public void WriteBytes(ReadOnlySpan<byte> data)
    {
        WriteVarint((ulong)data.Length);
        Write(data);
    }

    private void Ensure(int sizeHint)
    {
        var needed = Length + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length) return;
        Array.Resize(ref _buffer, Math.Max(needed, _buffer.Length * 2));
    }
}
