using System.Buffers.Binary;
using System.Net;

namespace Cluster.Controllers.Dns;

/// <summary>
/// One DNS message (RFC 1035 4.1): header flags, question, answer, authority and additional sections.
/// <see cref="Parse"/> never throws: malformed input gives null, and <see cref="FormatError"/> builds the FORMERR reply.
/// </summary>
public sealed record DnsMessage
{
    public const int HeaderLength = 12;
    public const int ClassicUdpLimit = 512;

    public ushort Id { get; init; }
    public bool IsResponse { get; init; }
    public byte Opcode { get; init; }
    public bool Authoritative { get; init; }
    public bool Truncated { get; init; }
    public bool RecursionDesired { get; init; }
    public bool RecursionAvailable { get; init; }
    public DnsRcode Rcode { get; init; }
    public IReadOnlyList<DnsQuestion> Questions { get; init; } = [];
    public IReadOnlyList<DnsRecord> Answers { get; init; } = [];
    public IReadOnlyList<DnsRecord> Authorities { get; init; } = [];
    public IReadOnlyList<DnsRecord> Additionals { get; init; } = [];

    /// <summary>The UDP payload size an EDNS(0) OPT record advertises, or null without EDNS.</summary>
    public int? EdnsUdpSize => Additionals.FirstOrDefault(r => r.Type == DnsType.OPT) is { } opt ? Math.Max((int)opt.Class, ClassicUdpLimit) : null;

    public static DnsMessage? Parse(ReadOnlySpan<byte> data)
    {
        var reader = new DnsWireReader(data);
        if (!reader.ReadUInt16(out var id) || !reader.ReadUInt16(out var flags) || !reader.ReadUInt16(out var qd)
            || !reader.ReadUInt16(out var an) || !reader.ReadUInt16(out var ns) || !reader.ReadUInt16(out var ar))
            return null;
        var questions = new List<DnsQuestion>();
        for (var i = 0; i < qd; i++)
        {
            if (!reader.ReadName(out var name) || !reader.ReadUInt16(out var type) || !reader.ReadUInt16(out var @class)) return null;
            questions.Add(new DnsQuestion(name, (DnsType)type, @class));
        }
        if (!ReadRecords(ref reader, an, out var answers) || !ReadRecords(ref reader, ns, out var authorities)
            || !ReadRecords(ref reader, ar, out var additionals))
            return null;
        if (reader.Position != data.Length) return null;
        return new DnsMessage
        {
            Id = id,
            IsResponse = (flags & 0x8000) != 0,
            Opcode = (byte)((flags >> 11) & 0xF),
            Authoritative = (flags & 0x0400) != 0,
            Truncated = (flags & 0x0200) != 0,
            RecursionDesired = (flags & 0x0100) != 0,
            RecursionAvailable = (flags & 0x0080) != 0,
            Rcode = (DnsRcode)(flags & 0xF),
            Questions = questions,
            Answers = answers,
            Authorities = authorities,
            Additionals = additionals,
        };
    }

    /// <summary>The FORMERR reply to an unreadable query, or null when not even its ID can be read (nothing to reply to).</summary>
    public static byte[]? FormatError(ReadOnlySpan<byte> query)
    {
        if (query.Length < 2) return null;
        var reply = new byte[HeaderLength];
        query[..2].CopyTo(reply);
        var opcodeAndRd = query.Length >= 3 ? query[2] & 0x79 : 0;
        reply[2] = (byte)(0x80 | opcodeAndRd);
        reply[3] = (byte)DnsRcode.FormErr;
        return reply;
    }

    /// <summary>
    /// The wire form. A message larger than <paramref name="maxLength"/> keeps its header, question and OPT record,
    /// drops the other records and sets TC (RFC 2181 9), so a UDP client retries over TCP.
    /// </summary>
    public byte[] ToBytes(int maxLength = int.MaxValue)
    {
        var full = Write(this);
        if (full.Length <= maxLength) return full;
        return Write(this with
        {
            Truncated = true,
            Answers = [],
            Authorities = [],
            Additionals = [.. Additionals.Where(r => r.Type == DnsType.OPT)],
        });
    }

    /// <summary>A reply to this query: same ID, opcode, RD and question.</summary>
    public DnsMessage Reply(DnsRcode rcode) => new()
    {
        Id = Id,
        IsResponse = true,
        Opcode = Opcode,
        RecursionDesired = RecursionDesired,
        RecursionAvailable = true,
        Rcode = rcode,
        Questions = Questions,
    };

    /// <summary>Rewrites the ID of a message in wire form (a forwarded reply carries the forwarder's ID).</summary>
    public static void SetId(Span<byte> message, ushort id) => BinaryPrimitives.WriteUInt16BigEndian(message, id);

    private static bool ReadRecords(ref DnsWireReader reader, int count, out List<DnsRecord> records)
    {
        records = [];
        for (var i = 0; i < count; i++)
        {
            if (!reader.ReadRecord(out var record)) return false;
            records.Add(record!);
        }
        return true;
    }

    private static byte[] Write(DnsMessage message)
    {
        var writer = new DnsWireWriter();
        writer.WriteUInt16(message.Id);
        var flags = (message.IsResponse ? 0x8000 : 0) | ((message.Opcode & 0xF) << 11) | (message.Authoritative ? 0x0400 : 0)
            | (message.Truncated ? 0x0200 : 0) | (message.RecursionDesired ? 0x0100 : 0) | (message.RecursionAvailable ? 0x0080 : 0)
            | ((int)message.Rcode & 0xF);
        writer.WriteUInt16((ushort)flags);
        writer.WriteUInt16((ushort)message.Questions.Count);
        writer.WriteUInt16((ushort)message.Answers.Count);
        writer.WriteUInt16((ushort)message.Authorities.Count);
        writer.WriteUInt16((ushort)message.Additionals.Count);
        foreach (var question in message.Questions)
        {
            writer.WriteName(question.Name);
            writer.WriteUInt16((ushort)question.Type);
            writer.WriteUInt16(question.Class);
        }
        foreach (var record in message.Answers.Concat(message.Authorities).Concat(message.Additionals)) WriteRecord(writer, record);
        return writer.ToArray();
    }

    private static void WriteRecord(DnsWireWriter writer, DnsRecord record)
    {
        writer.WriteName(record.Name);
        writer.WriteUInt16((ushort)record.Type);
        writer.WriteUInt16(record.Class);
        writer.WriteUInt32(record.Ttl);
        var lengthAt = writer.Length;
        writer.WriteUInt16(0);
        switch (record.Data)
        {
            case AddressData a:
                writer.WriteBytes(a.Address.GetAddressBytes());
                break;
            case NameData n:
                writer.WriteName(n.Target);
                break;
            case SrvData s:
                writer.WriteUInt16(s.Priority);
                writer.WriteUInt16(s.Weight);
                writer.WriteUInt16(s.Port);
                writer.WriteName(s.Target);
                break;
            case SoaData soa:
                writer.WriteName(soa.PrimaryServer);
                writer.WriteName(soa.Mailbox);
                writer.WriteUInt32(soa.Serial);
                writer.WriteUInt32(soa.Refresh);
                writer.WriteUInt32(soa.Retry);
                writer.WriteUInt32(soa.Expire);
                writer.WriteUInt32(soa.Minimum);
                break;
            case RawData raw:
                writer.WriteBytes(raw.Bytes);
                break;
        }
        writer.PatchUInt16(lengthAt, (ushort)(writer.Length - lengthAt - 2));
    }
}

/// <summary>Record constructors for the answers the cluster DNS gives.</summary>
public static class DnsRecords
{
    public static DnsRecord Address(string name, IPAddress address, uint ttl) =>
        new(name, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? DnsType.AAAA : DnsType.A, ttl, new AddressData(address));
}
