using System.Net;
using System.Net.Sockets;
using Cluster.Controllers.Dns;
using static Cluster.Controllers.Tests.Dns.DnsObjects;

namespace Cluster.Controllers.Tests.Dns;

public sealed class DnsServerTests
{
    private static readonly ClusterDnsSnapshot Cluster = new(
        [ClusterIp("web", "shop", "10.96.0.10"), Headless("big", "shop")],
        [Slice("big", "shop", "IPv4", [.. Enumerable.Range(1, 60).Select(i => Endpoint($"10.2.0.{i}"))])]);

    private static readonly IPEndPoint Loopback = new(IPAddress.Loopback, 0);

    // A live upstream gets the default timeout (a busy machine may take a while to answer); a silent one is given up on sooner.
    private static DnsServer Server(ClusterDnsSnapshot snapshot, string domain = "cluster.local", params IPEndPoint[] upstreams) =>
        Server(snapshot, domain, new DnsServerOptions().ForwardTimeout, upstreams);

    private static DnsServer Server(ClusterDnsSnapshot snapshot, string domain, TimeSpan forwardTimeout, params IPEndPoint[] upstreams) =>
        new(new DelegateDnsSource(() => snapshot), new DnsServerOptions
        {
            Listen = Loopback,
            ClusterDomain = domain,
            Upstreams = upstreams,
            ForwardTimeout = forwardTimeout,
        });

    [Fact]
    public async Task A_service_name_is_answered_over_UDP()
    {
        await using var server = Server(Cluster);
        var reply = await DnsClient.UdpAsync(server.Start(), DnsClient.Query("web.shop.svc.cluster.local", DnsType.A, id: 7));
        Assert.Equal(7, reply.Id);
        Assert.True(reply.IsResponse && reply.Authoritative);
        Assert.Equal(DnsRcode.NoError, reply.Rcode);
        Assert.Equal(IPAddress.Parse("10.96.0.10"), ((AddressData)Assert.Single(reply.Answers).Data).Address);
    }

    private sealed class StampedSource(Func<ClusterDnsSnapshot> snapshot) : IClusterDnsSource
    {
        public string StampValue = "1";
        public int Snapshots;

        public ClusterDnsSnapshot Snapshot()
        {
            Snapshots++;
            return snapshot();
        }

        public string? Stamp() => StampValue;
    }

    [Fact]
    public async Task Records_are_built_again_only_when_the_source_stamp_changes()
    {
        var current = Cluster;
        var source = new StampedSource(() => current);
        await using var server = new DnsServer(source, new DnsServerOptions { Listen = Loopback, Upstreams = [] });
        var at = server.Start();
        for (var i = 0; i < 3; i++)
            Assert.Equal(DnsRcode.NoError, (await DnsClient.UdpAsync(at, DnsClient.Query("web.shop.svc.cluster.local", DnsType.A))).Rcode);
        Assert.Equal(1, source.Snapshots);

        current = new ClusterDnsSnapshot([ClusterIp("api", "shop", "10.96.0.11")], []);
        Assert.Equal(DnsRcode.NoError, (await DnsClient.UdpAsync(at, DnsClient.Query("web.shop.svc.cluster.local", DnsType.A))).Rcode);
        source.StampValue = "2";
        Assert.Equal(DnsRcode.NXDomain, (await DnsClient.UdpAsync(at, DnsClient.Query("web.shop.svc.cluster.local", DnsType.A))).Rcode);
        Assert.Equal(2, source.Snapshots);
    }

    [Fact]
    public async Task An_SRV_name_is_answered_over_TCP_on_the_same_port()
    {
        await using var server = Server(Cluster);
        var reply = await DnsClient.TcpAsync(server.Start(), DnsClient.Query("_http._tcp.web.shop.svc.cluster.local", DnsType.SRV));
        Assert.Equal(new SrvData(0, 100, 80, "web.shop.svc.cluster.local"), Assert.Single(reply.Answers).Data);
        Assert.Single(reply.Additionals);
    }

    [Fact]
    public async Task A_missing_cluster_name_is_NXDOMAIN_with_the_SOA()
    {
        await using var server = Server(Cluster);
        var reply = await DnsClient.UdpAsync(server.Start(), DnsClient.Query("gone.shop.svc.cluster.local", DnsType.A));
        Assert.Equal(DnsRcode.NXDomain, reply.Rcode);
        Assert.Equal(DnsType.SOA, Assert.Single(reply.Authorities).Type);
    }

    [Fact]
    public async Task A_UDP_answer_over_512_bytes_is_truncated_and_complete_over_TCP_or_with_EDNS()
    {
        await using var server = Server(Cluster);
        var endpoint = server.Start();
        var udp = await DnsClient.UdpAsync(endpoint, DnsClient.Query("big.shop.svc.cluster.local", DnsType.A));
        Assert.True(udp.Truncated);
        Assert.Empty(udp.Answers);
        var tcp = await DnsClient.TcpAsync(endpoint, DnsClient.Query("big.shop.svc.cluster.local", DnsType.A));
        Assert.False(tcp.Truncated);
        Assert.Equal(60, tcp.Answers.Count);
        var edns = await DnsClient.UdpAsync(endpoint, DnsClient.Query("big.shop.svc.cluster.local", DnsType.A, ednsSize: 4096));
        Assert.False(edns.Truncated);
        Assert.Equal(60, edns.Answers.Count);
        Assert.NotNull(edns.EdnsUdpSize);
    }

    [Fact]
    public async Task A_malformed_UDP_query_gets_FORMERR_and_the_server_keeps_serving()
    {
        await using var server = Server(Cluster);
        var endpoint = server.Start();
        byte[] loop = [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1];
        var reply = DnsMessage.Parse(await DnsClient.UdpRawAsync(endpoint, loop))!;
        Assert.Equal(0x1234, reply.Id);
        Assert.Equal(DnsRcode.FormErr, reply.Rcode);
        var truncated = DnsMessage.Parse(await DnsClient.UdpRawAsync(endpoint, [0x55, 0x66, 0x01]))!;
        Assert.Equal((0x5566, DnsRcode.FormErr), (truncated.Id, truncated.Rcode));
        Assert.Single((await DnsClient.UdpAsync(endpoint, DnsClient.Query("web.shop.svc.cluster.local", DnsType.A))).Answers);
    }

    [Fact]
    public async Task Other_names_are_forwarded_to_the_upstream_over_UDP_and_TCP()
    {
        await using var upstream = Server(new ClusterDnsSnapshot([ClusterIp("api", "corp", "192.0.2.7")], []), "upstream.test");
        await using var server = Server(Cluster, "cluster.local", upstream.Start());
        var endpoint = server.Start();
        foreach (var reply in new[]
        {
            await DnsClient.UdpAsync(endpoint, DnsClient.Query("api.corp.svc.upstream.test", DnsType.A, id: 99)),
            await DnsClient.TcpAsync(endpoint, DnsClient.Query("api.corp.svc.upstream.test", DnsType.A, id: 99)),
        })
        {
            Assert.Equal(99, reply.Id);
            Assert.Equal(DnsRcode.NoError, reply.Rcode);
            Assert.Equal(IPAddress.Parse("192.0.2.7"), ((AddressData)Assert.Single(reply.Answers).Data).Address);
        }
        var missing = await DnsClient.UdpAsync(endpoint, DnsClient.Query("nope.corp.svc.upstream.test", DnsType.A));
        Assert.Equal(DnsRcode.NXDomain, missing.Rcode);
    }

    [Fact]
    public async Task A_truncated_upstream_reply_is_asked_again_over_TCP_for_a_TCP_client()
    {
        var big = new ClusterDnsSnapshot(
            [Headless("many", "corp")],
            [Slice("many", "corp", "IPv4", [.. Enumerable.Range(1, 60).Select(i => Endpoint($"192.0.2.{i}"))])]);
        await using var upstream = Server(big, "upstream.test");
        await using var server = Server(Cluster, "cluster.local", upstream.Start());
        var endpoint = server.Start();
        var udp = await DnsClient.UdpAsync(endpoint, DnsClient.Query("many.corp.svc.upstream.test", DnsType.A));
        Assert.True(udp.Truncated);
        var tcp = await DnsClient.TcpAsync(endpoint, DnsClient.Query("many.corp.svc.upstream.test", DnsType.A, id: 31));
        Assert.Equal(31, tcp.Id);
        Assert.False(tcp.Truncated);
        Assert.Equal(60, tcp.Answers.Count);
    }

    [Fact]
    public async Task A_silent_upstream_is_SERVFAIL()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(Loopback);
        await using var server = Server(Cluster, "cluster.local", TimeSpan.FromMilliseconds(300), (IPEndPoint)silent.LocalEndPoint!);
        var reply = await DnsClient.UdpAsync(server.Start(), DnsClient.Query("example.com", DnsType.A, id: 5));
        Assert.Equal(5, reply.Id);
        Assert.Equal(DnsRcode.ServFail, reply.Rcode);
    }

    [Fact]
    public async Task A_source_that_cannot_answer_is_SERVFAIL()
    {
        await using var server = new DnsServer(
            new DelegateDnsSource(() => throw new InvalidOperationException("the Service cache has not synced")),
            new DnsServerOptions { Listen = Loopback, Upstreams = [] });
        var reply = await DnsClient.UdpAsync(server.Start(), DnsClient.Query("web.shop.svc.cluster.local", DnsType.A));
        Assert.Equal(DnsRcode.ServFail, reply.Rcode);
    }

    [Fact]
    public void Nameservers_are_read_from_resolv_conf()
    {
        var servers = ResolvConf.Parse("# comment\nsearch example.com\nnameserver 10.0.0.2\nnameserver fe80::1%eth0\nnameserver bogus\noptions ndots:5\n");
        Assert.Equal([new IPEndPoint(IPAddress.Parse("10.0.0.2"), 53), new IPEndPoint(IPAddress.Parse("fe80::1"), 53)], servers);
    }
}
