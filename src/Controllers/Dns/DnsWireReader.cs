using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Cluster.Controllers.Dns;

/// <summary>
/// Reads RFC 1035 wire format. Every read reports failure instead of throwing, so a malformed packet can only turn into
/// FORMERR. A compression pointer must point strictly before the label that holds it, which makes loops impossible.
/// </summary>
internal ref struct DnsWireReader(ReadOnlySpan<byte> message)
{
    private const int MaxNameLength = 255;
    private readonly ReadOnlySpan<byte> _message = message;

    public int Position { get; private set; }

    public bool ReadUInt16(out ushort value)
    {
        value = 0;
        if (Position + 2 > _message.Length) return false;
        value = BinaryPrimitives.ReadUInt16BigEndian(_message[Position..]);
        Position += 2;
        return true;
    }

    public bool ReadUInt32(out uint value)
    {
        value = 0;
        if (Position + 4 > _message.Length) return false;
        value = BinaryPrimitives.ReadUInt32BigEndian(_message[Position..]);
        Position += 4;
        return true;
    }

    public bool ReadBytes(int length, out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        if (length < 0 || Position + length > _message.Length) return false;
        bytes = _message.Slice(Position, length);
        Position += length;
        return true;
    }

    public bool ReadName(out string name)
    {
        name = "";
        var builder = new StringBuilder();
        var offset = Position;
        var resumeAt = -1;
        var wireLength = 1;
        while (true)
        {
            if (offset >= _message.Length) return false;
            var length = _message[offset];
            if ((length & 0xC0) == 0xC0)
            {
                if (offset + 1 >= _message.Length) return false;
                var target = ((length & 0x3F) << 8) | _message[offset + 1];
                if (target >= offset) return false;
                if (resumeAt < 0) resumeAt = offset + 2;
                offset = target;
                continue;
            }
            if ((length & 0xC0) != 0) return false;
            if (length == 0)
            {
                Position = resumeAt >= 0 ? resumeAt : offset + 1;
                name = builder.ToString();
                return true;
            }
            if (offset + 1 + length > _message.Length) return false;
            wireLength += length + 1;
            if (wireLength > MaxNameLength) return false;
            var label = _message.Slice(offset + 1, length);
            if (label.Contains((byte)'.')) return false;
            if (builder.Length > 0) builder.Append('.');
            builder.Append(Encoding.Latin1.GetString(label));
            offset += 1 + length;
        }
    }

    public bool ReadRecord(out DnsRecord? record)
    {
        record = null;
        if (!ReadName(out var name) || !ReadUInt16(out var type) || !ReadUInt16(out var @class) || !ReadUInt32(out var ttl)
            || !ReadUInt16(out var length))
            return false;
        var end = Position + length;
        if (end > _message.Length) return false;
        DnsRecordData? data;
        switch ((DnsType)type)
        {
            case DnsType.A when length == 4:
            case DnsType.AAAA when length == 16:
                data = new AddressData(new IPAddress(_message.Slice(Position, length)));
                Position = end;
                break;
            case DnsType.CNAME or DnsType.PTR or DnsType.NS:
                if (!ReadName(out var target)) return false;
                data = new NameData(target);
                break;
            case DnsType.SRV:
                if (!ReadUInt16(out var priority) || !ReadUInt16(out var weight) || !ReadUInt16(out var port) || !ReadName(out var srvTarget))
                    return false;
                data = new SrvData(priority, weight, port, srvTarget);
                break;
            case DnsType.SOA:
                if (!ReadName(out var mname) || !ReadName(out var rname) || !ReadUInt32(out var serial) || !ReadUInt32(out var refresh)
                    || !ReadUInt32(out var retry) || !ReadUInt32(out var expire) || !ReadUInt32(out var minimum))
                    return false;
                data = new SoaData(mname, rname, serial, refresh, retry, expire, minimum);
                break;
            case DnsType.A or DnsType.AAAA:
                return false;
            default:
                data = new RawData(_message.Slice(Position, length).ToArray());
                Position = end;
                break;
        }
        if (Position != end) return false;
        record = new DnsRecord(name, (DnsType)type, ttl, data, @class);
        return true;
    }
}
