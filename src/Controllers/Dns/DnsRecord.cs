using System.Net;

namespace Cluster.Controllers.Dns;

/// <summary>A question: a name (without the trailing dot), a type and a class.</summary>
public sealed record DnsQuestion(string Name, DnsType Type, ushort Class = DnsClass.IN);

/// <summary>A resource record. <see cref="Class"/> holds the UDP payload size for an OPT record, as on the wire.</summary>
public sealed record DnsRecord(string Name, DnsType Type, uint Ttl, DnsRecordData Data, ushort Class = DnsClass.IN);

/// <summary>The RDATA of a record, decoded for the types the cluster DNS answers with and kept raw otherwise.</summary>
public abstract record DnsRecordData;

/// <summary>A or AAAA.</summary>
public sealed record AddressData(IPAddress Address) : DnsRecordData;

/// <summary>CNAME, PTR or NS: one domain name.</summary>
public sealed record NameData(string Target) : DnsRecordData;

public sealed record SrvData(ushort Priority, ushort Weight, ushort Port, string Target) : DnsRecordData;

public sealed record SoaData(string PrimaryServer, string Mailbox, uint Serial, uint Refresh, uint Retry, uint Expire, uint Minimum) : DnsRecordData;

/// <summary>Any other type's RDATA, byte for byte.</summary>
public sealed record RawData(byte[] Bytes) : DnsRecordData
{
    public bool Equals(RawData? other) => other is not null && Bytes.AsSpan().SequenceEqual(other.Bytes);

    public override int GetHashCode() => Bytes.Length;
}
