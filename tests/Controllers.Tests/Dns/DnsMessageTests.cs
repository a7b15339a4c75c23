using System.Net;
using Cluster.Controllers.Dns;

namespace Cluster.Controllers.Tests.Dns;

public sealed class DnsMessageTests
{
    private static DnsMessage Query(string name, DnsType type, ushort id = 0x1234) => new()
    {
        Id = id,
        RecursionDesired = true,
        Questions = [new DnsQuestion(name, type)],
    };

    [Fact]
    public void A_query_round_trips()
    {
        var query = Query("web.ns.svc.cluster.local", DnsType.A);
        var parsed = DnsMessage.Parse(query.ToBytes());
        Assert.NotNull(parsed);
        Assert.Equal(0x1234, parsed.Id);
        Assert.True(parsed.RecursionDesired);
        Assert.False(parsed.IsResponse);
        Assert.Equal(query.Questions, parsed.Questions);
    }

    [Fact]
    public void Response_with_every_record_type_round_trips()
    {
        var response = Query("web.ns.svc.cluster.local", DnsType.ANY) with
        {
            IsResponse = true,
            Authoritative = true,
            RecursionAvailable = true,
            Rcode = DnsRcode.NXDomain,
            Answers =
            [
                new DnsRecord("web.ns.svc.cluster.local", DnsType.A, 5, new AddressData(IPAddress.Parse("10.96.0.10"))),
                new DnsRecord("web.ns.svc.cluster.local", DnsType.AAAA, 5, new AddressData(IPAddress.Parse("fd00::a"))),
                new DnsRecord("_http._tcp.web.ns.svc.cluster.local", DnsType.SRV, 5, new SrvData(0, 100, 80, "web.ns.svc.cluster.local")),
                new DnsRecord("10.0.96.10.in-addr.arpa", DnsType.PTR, 5, new NameData("web.ns.svc.cluster.local")),
                new DnsRecord("ext.ns.svc.cluster.local", DnsType.CNAME, 5, new NameData("example.com")),
                new DnsRecord("x.cluster.local", DnsType.TXT, 5, new RawData([3, (byte)'a', (byte)'b', (byte)'c'])),
            ],
            Authorities = [new DnsRecord("cluster.local", DnsType.SOA, 5, new SoaData("ns.dns.cluster.local", "hostmaster.cluster.local", 1, 7200, 1800, 86400, 5))],
            Additionals = [new DnsRecord("", DnsType.OPT, 0, new RawData([]), 1232)],
        };
        var parsed = DnsMessage.Parse(response.ToBytes());
        Assert.NotNull(parsed);
        Assert.True(parsed.IsResponse && parsed.Authoritative && parsed.RecursionAvailable && parsed.RecursionDesired);
        Assert.Equal(DnsRcode.NXDomain, parsed.Rcode);
        Assert.Equal(response.Answers, parsed.Answers);
        Assert.Equal(response.Authorities, parsed.Authorities);
        Assert.Equal(response.Additionals, parsed.Additionals);
        Assert.Equal(1232, parsed.EdnsUdpSize);
    }

    [Fact]
    public void Repeated_names_are_written_as_compression_pointers()
    {
        var name = "web.ns.svc.cluster.local";
        var response = Query(name, DnsType.A) with
        {
            IsResponse = true,
            Answers = [.. Enumerable.Range(1, 4).Select(i => new DnsRecord(name, DnsType.A, 5, new AddressData(IPAddress.Parse($"10.0.0.{i}"))))],
        };
        var bytes = response.ToBytes();
        // header 12 + question (26 + 4) + 4 answers of (2 pointer + 10 fixed + 4 address)
        Assert.Equal(12 + 30 + (4 * 16), bytes.Length);
        Assert.Equal(response.Answers, DnsMessage.Parse(bytes)!.Answers);
    }

    [Fact]
    public void An_answer_over_the_limit_is_truncated_with_TC_and_keeps_its_question()
    {
        var response = Query("web.ns.svc.cluster.local", DnsType.A) with
        {
            IsResponse = true,
            Answers = [.. Enumerable.Range(1, 60).Select(i => new DnsRecord("web.ns.svc.cluster.local", DnsType.A, 5, new AddressData(IPAddress.Parse($"10.0.0.{i}"))))],
        };
        var bytes = response.ToBytes(DnsMessage.ClassicUdpLimit);
        Assert.True(bytes.Length <= DnsMessage.ClassicUdpLimit);
        var parsed = DnsMessage.Parse(bytes)!;
        Assert.True(parsed.Truncated);
        Assert.Empty(parsed.Answers);
        Assert.Equal(response.Questions, parsed.Questions);
        Assert.False(DnsMessage.Parse(response.ToBytes())!.Truncated);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x12 })]
    [InlineData(new byte[] { 0x12, 0x34, 0x01, 0x00, 0x00, 0x01 })]
    public void A_truncated_header_is_rejected(byte[] packet)
    {
        Assert.Null(DnsMessage.Parse(packet));
    }

    [Fact]
    public void The_FORMERR_reply_keeps_the_ID_and_is_null_without_one()
    {
        var reply = DnsMessage.Parse(DnsMessage.FormatError([0xAB, 0xCD, 0x01])!)!;
        Assert.Equal(0xABCD, reply.Id);
        Assert.True(reply.IsResponse);
        Assert.True(reply.RecursionDesired);
        Assert.Equal(DnsRcode.FormErr, reply.Rcode);
        Assert.Null(DnsMessage.FormatError([0xAB]));
    }

    [Fact]
    public void A_pointer_to_itself_is_rejected()
    {
        // question name at offset 12 is a pointer to offset 12
        Assert.Null(DnsMessage.Parse(Header(qd: 1).Concat(new byte[] { 0xC0, 12, 0, 1, 0, 1 }).ToArray()));
    }

    [Fact]
    public void Pointers_that_loop_between_two_names_are_rejected()
    {
        // offset 12: label "a" then pointer to 18; offset 18: label "b" then pointer back to 12
        byte[] names = [1, (byte)'a', 0xC0, 18, 0, 0, 1, (byte)'b', 0xC0, 12];
        var packet = Header(qd: 1).Concat(names).Concat(new byte[] { 0, 1, 0, 1 }).ToArray();
        Assert.Null(DnsMessage.Parse(packet));
    }

    [Fact]
    public void A_pointer_past_the_end_is_rejected()
    {
        Assert.Null(DnsMessage.Parse(Header(qd: 1).Concat(new byte[] { 0xC3, 0xFF, 0, 1, 0, 1 }).ToArray()));
    }

    [Fact]
    public void A_label_running_past_the_end_is_rejected()
    {
        Assert.Null(DnsMessage.Parse(Header(qd: 1).Concat(new byte[] { 10, (byte)'a', (byte)'b' }).ToArray()));
    }

    [Fact]
    public void A_count_larger_than_the_records_present_is_rejected()
    {
        var bytes = Query("a.b", DnsType.A).ToBytes();
        bytes[7] = 3; // ANCOUNT 3, no answers follow
        Assert.Null(DnsMessage.Parse(bytes));
    }

    [Fact]
    public void Trailing_bytes_are_rejected()
    {
        Assert.Null(DnsMessage.Parse([.. Query("a.b", DnsType.A).ToBytes(), 0]));
    }

    [Fact]
    public void A_name_longer_than_255_bytes_is_rejected()
    {
        var labels = Enumerable.Repeat(new byte[] { 63 }.Concat(Enumerable.Repeat((byte)'x', 63)), 5).SelectMany(l => l);
        Assert.Null(DnsMessage.Parse(Header(qd: 1).Concat(labels).Concat(new byte[] { 0, 0, 1, 0, 1 }).ToArray()));
    }

    [Fact]
    public void Corrupted_messages_never_throw()
    {
        var valid = (Query("_http._tcp.web.ns.svc.cluster.local", DnsType.SRV) with
        {
            IsResponse = true,
            Answers = [new DnsRecord("_http._tcp.web.ns.svc.cluster.local", DnsType.SRV, 5, new SrvData(0, 100, 80, "web.ns.svc.cluster.local"))],
            Authorities = [new DnsRecord("cluster.local", DnsType.SOA, 5, new SoaData("ns.dns.cluster.local", "hostmaster.cluster.local", 1, 2, 3, 4, 5))],
        }).ToBytes();
        var random = new Random(8);
        for (var i = 0; i < 20_000; i++)
        {
            var packet = valid.AsSpan(0, random.Next(valid.Length + 1)).ToArray();
            for (var flips = random.Next(4); flips > 0 && packet.Length > 0; flips--)
                packet[random.Next(packet.Length)] = (byte)random.Next(256);
            _ = DnsMessage.Parse(packet);
            _ = DnsMessage.FormatError(packet);
        }
    }

    private static byte[] Header(ushort qd = 0) => [0x12, 0x34, 0x01, 0x00, 0, (byte)qd, 0, 0, 0, 0, 0, 0];
}
