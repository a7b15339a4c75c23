using System.Buffers.Binary;
using System.Text;

namespace Cluster.Controllers.Dns;

/// <summary>Writes RFC 1035 wire format, compressing names against the suffixes already written.</summary>
internal sealed class DnsWireWriter
{
    private byte[] _buffer = new byte[512];
    private readonly Dictionary<string, int> _suffixes = new(StringComparer.OrdinalIgnoreCase);

    public int Length { get; private set; }

    public byte[] ToArray() => _buffer.AsSpan(0, Length).ToArray();

    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Reserve(2), value);

    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Reserve(4), value);

    public void WriteBytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    public void PatchUInt16(int offset, ushort value) => BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(offset), value);

    /// <summary>Writes a name; an empty name or "." is the root. Labels longer than 63 bytes are rejected.</summary>
    public void WriteName(string name)
    {
        name = name.TrimEnd('.');
        while (name.Length > 0)
        {
            if (_suffixes.TryGetValue(name, out var pointer))
            {
                WriteUInt16((ushort)(0xC000 | pointer));
                return;
            }
            if (Length < 0x3FFF) _suffixes[name] = Length;
            var dot = name.IndexOf('.', StringComparison.Ordinal);
            var label = dot < 0 ? name : name[..dot];
            var bytes = Encoding.Latin1.GetBytes(label);
            if (bytes.Length is 0 or > 63) throw new ArgumentException($"invalid DNS label in {name}", nameof(name));
            Reserve(1)[0] = (byte)bytes.Length;
            WriteBytes(bytes);
            name = dot < 0 ? "" : name[(dot + 1)..];
        }
        Reserve(1)[0] = 0;
    }

    private Span<byte> Reserve(int count)
    {
        if (Length + count > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + count));
        var span = _buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }
}
