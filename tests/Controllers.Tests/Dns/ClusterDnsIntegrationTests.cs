using System.Net;
using Cluster.Api.Core.V1;
using Cluster.Api.Discovery.V1;
using Cluster.Api.Meta.V1;
using Cluster.Controllers.Dns;
using Cluster.Kubelet.Nodes;
using Cluster.Runtime.Client;
using Cluster.TestKit;
using Microsoft.Extensions.Logging.Abstractions;
using static Cluster.Controllers.Tests.Dns.DnsObjects;

namespace Cluster.Controllers.Tests.Dns;

/// <summary>
/// Cluster DNS as <c>cluster server</c> runs it (<see cref="ClusterDns"/>), against the in-process API server with the
/// real controllers and hollow nodes: objects made through the API are answered over UDP and TCP, the kube-dns Service and
/// this server's EndpointSlice are kept, and other names go to an upstream that is a second DnsServer on loopback.
/// </summary>
[Trait("tier", "integration")]
public sealed class ClusterDnsIntegrationTests(ControllerManagerFixture fixture) : IClassFixture<ControllerManagerFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly CancellationTokenSource _stop = new();
    private readonly string _node = "dns-" + Guid.NewGuid().ToString("N")[..8];
    private DnsServer _upstream = null!;
    private ClusterDns _dns = null!;
    private Task _publishing = Task.CompletedTask;

    private ClusterClient Client => fixture.Cluster.Client;

    public async Task InitializeAsync()
    {
        _upstream = new DnsServer(
            new DelegateDnsSource(() => new ClusterDnsSnapshot([ClusterIp("api", "corp", "192.0.2.7")], [])),
            new DnsServerOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0), ClusterDomain = "upstream.test", Upstreams = [] });
        var upstream = _upstream.Start();
        // The node's address, as cluster server listens on (an EndpointSlice may not name loopback).
        _dns = await ClusterDns.StartAsync(fixture.Cluster.NewClient(), new ClusterDnsOptions
        {
            Listen = new IPEndPoint(IPAddress.Parse(NodeAddresses.DetectInternalIp()), 0),
            NodeName = _node,
            Upstreams = [upstream],
        }, NullLoggerFactory.Instance);
        _publishing = _dns.PublishAsync(_stop.Token);
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        await _upstream.DisposeAsync();
        _stop.Dispose();
    }

    private async Task StopAsync()
    {
        if (_stop.IsCancellationRequested) return;
        await _stop.CancelAsync();
        await _publishing;
        await _dns.DisposeAsync();
    }

    private async Task<DnsMessage> AnsweredAsync(string name, DnsType type, bool tcp = false, Func<DnsMessage, bool>? until = null)
    {
        DnsMessage? reply = null;
        await Eventually.TrueAsync(async () =>
        {
            var query = DnsClient.Query(name, type);
            reply = tcp ? await DnsClient.TcpAsync(_dns.LocalEndPoint, query) : await DnsClient.UdpAsync(_dns.LocalEndPoint, query);
            return until?.Invoke(reply) ?? (reply.Rcode == DnsRcode.NoError && reply.Answers.Count > 0);
        }, Patience, $"an answer for {name} {type}");
        return reply!;
    }

    private static string[] Addresses(DnsMessage reply) =>
        [.. reply.Answers.Select(r => r.Data).OfType<AddressData>().Select(a => a.Address.ToString()).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task The_kube_dns_Service_and_this_servers_EndpointSlice_point_at_where_DNS_listens_and_come_back_when_deleted()
    {
        var sliceKey = new Runtime.ObjectKey("kube-system", "kube-dns-" + _node);
        EndpointSlice? slice = null;
        await Eventually.TrueAsync(async () => (slice = await Client.FindAsync<EndpointSlice>(sliceKey)) is not null, Patience, "the kube-dns slice");
        Assert.Equal("kube-dns", slice!.Metadata!.Labels!["kubernetes.io/service-name"]);
        Assert.Equal(KubeDnsObjects.ManagedBy, slice.Metadata.Labels["endpointslice.kubernetes.io/managed-by"]);
        Assert.Equal([_dns.LocalEndPoint.Address.ToString()], Assert.Single(slice.Endpoints!).Addresses);
        Assert.Equal([("dns", "UDP"), ("dns-tcp", "TCP")], slice.Ports!.Select(p => (p.Name!, p.Protocol!)).Order());
        Assert.All(slice.Ports!, p => Assert.Equal(_dns.LocalEndPoint.Port, p.Port));

        var service = await Client.GetAsync<Service>(new("kube-system", "kube-dns"));
        Assert.Equal("10.96.0.10", service.Spec!.ClusterIP);
        Assert.Null(service.Spec.Selector);
        Assert.Equal("kube-dns", service.Metadata!.Labels!["k8s-app"]);
        Assert.Equal([("dns", 53, "UDP"), ("dns-tcp", 53, "TCP")], service.Spec.Ports!.Select(p => (p.Name!, p.Port ?? 0, p.Protocol!)).Order());

        await Client.DeleteAsync<EndpointSlice>(sliceKey);
        await Eventually.TrueAsync(async () => await Client.FindAsync<EndpointSlice>(sliceKey) is { Metadata.DeletionTimestamp: null } again
            && again.Metadata.Uid != slice.Metadata.Uid, Patience, "the slice made again");
        var reply = await AnsweredAsync("kube-dns.kube-system.svc.cluster.local", DnsType.A);
        Assert.Equal(["10.96.0.10"], Addresses(reply));
    }

    [Fact]
    public async Task A_server_started_again_on_another_port_moves_its_slice_there()
    {
        var sliceKey = new Runtime.ObjectKey("kube-system", "kube-dns-" + _node);
        var (address, before) = (_dns.LocalEndPoint.Address, _dns.LocalEndPoint.Port);
        await Eventually.TrueAsync(async () => await Client.FindAsync<EndpointSlice>(sliceKey) is { Ports: [var p, ..] } && p.Port == before, Patience, "the slice names the first port");
        await StopAsync();

        // Holding the old port keeps the new server off it.
        using var holder = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        holder.Bind(new IPEndPoint(address, before));
        using var again = new CancellationTokenSource();
        await using var restarted = await ClusterDns.StartAsync(fixture.Cluster.NewClient(), new ClusterDnsOptions
        {
            Listen = new IPEndPoint(address, 0),
            NodeName = _node,
            Upstreams = [],
        }, NullLoggerFactory.Instance);
        var publishing = restarted.PublishAsync(again.Token);
        var after = restarted.LocalEndPoint.Port;
        Assert.NotEqual(before, after);
        await Eventually.TrueAsync(async () => await Client.FindAsync<EndpointSlice>(sliceKey) is { Ports: [var p, ..] } && p.Port == after, Patience, "the slice names the new port");
        await again.CancelAsync();
        await publishing;
    }

    [Fact]
    public async Task A_service_made_through_the_API_is_answered_over_UDP_and_TCP_with_its_ClusterIP_and_SRV()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync("dns");
        await Client.CreateAsync(new Service
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = ns },
            Spec = new ServiceSpec { ClusterIP = "10.96.7.7", Ports = [new ServicePort { Name = "http", Port = 80, Protocol = "TCP" }] },
        });
        Assert.Equal(["10.96.7.7"], Addresses(await AnsweredAsync($"web.{ns}.svc.cluster.local", DnsType.A)));
        Assert.Equal(["10.96.7.7"], Addresses(await AnsweredAsync($"web.{ns}.svc.cluster.local", DnsType.A, tcp: true)));
        var srv = await AnsweredAsync($"_http._tcp.web.{ns}.svc.cluster.local", DnsType.SRV, tcp: true);
        Assert.Equal(new SrvData(0, 100, 80, $"web.{ns}.svc.cluster.local"), Assert.Single(srv.Answers).Data);
        var ptr = await AnsweredAsync("7.7.96.10.in-addr.arpa", DnsType.PTR);
        Assert.Equal(new NameData($"web.{ns}.svc.cluster.local"), Assert.Single(ptr.Answers).Data);
    }

    [Fact]
    public async Task A_headless_service_answers_its_ready_pods_and_a_pods_hostname_under_its_subdomain()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync("dns");
        await Client.CreateAsync(new Service
        {
            Metadata = new ObjectMeta { Name = "db", Namespace = ns },
            Spec = new ServiceSpec
            {
                ClusterIP = "None",
                Selector = new Dictionary<string, string> { ["app"] = "db" },
                Ports = [new ServicePort { Name = "sql", Port = 5432, Protocol = "TCP" }],
            },
        });
        foreach (var (name, hostname) in new[] { ("db-0", "db-0"), ("db-1", (string?)null) })
            await Client.CreateAsync(new Pod
            {
                Metadata = new ObjectMeta { Name = name, Namespace = ns, Labels = new Dictionary<string, string> { ["app"] = "db" } },
                Spec = new PodSpec
                {
                    NodeName = "hollow-node-0", Hostname = hostname, Subdomain = hostname is null ? null : "db",
                    Containers = [new Container { Name = "c", Image = "i", Ports = [new ContainerPort { Name = "sql", ContainerPortValue = 5432 }] }],
                },
            });
        string[] podIps = [];
        await Eventually.TrueAsync(async () =>
        {
            var pods = await Client.ListAsync<Pod>(ns);
            podIps = [.. pods.Items.Select(p => p.Status?.PodIP).OfType<string>().Order(StringComparer.Ordinal)];
            return podIps.Length == 2;
        }, Patience, "both pods have IPs");

        var all = await AnsweredAsync($"db.{ns}.svc.cluster.local", DnsType.A, until: r => r.Answers.Count == 2);
        Assert.Equal(podIps, Addresses(all));
        var db0 = (await Client.GetAsync<Pod>(new(ns, "db-0"))).Status!.PodIP!;
        Assert.Equal([db0], Addresses(await AnsweredAsync($"db-0.db.{ns}.svc.cluster.local", DnsType.A, tcp: true)));
        var srv = await AnsweredAsync($"_sql._tcp.db.{ns}.svc.cluster.local", DnsType.SRV);
        Assert.Contains($"db-0.db.{ns}.svc.cluster.local", srv.Answers.Select(a => ((SrvData)a.Data).Target));
        Assert.Equal(2, srv.Additionals.Count);
    }

    [Fact]
    public async Task Missing_names_are_NXDOMAIN_pod_and_ExternalName_names_answer_and_other_names_are_forwarded()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync("dns");
        await Client.CreateAsync(new Service
        {
            Metadata = new ObjectMeta { Name = "search", Namespace = ns },
            Spec = new ServiceSpec { Type = "ExternalName", ExternalName = "search.example.com" },
        });
        var cname = await AnsweredAsync($"search.{ns}.svc.cluster.local", DnsType.A);
        Assert.Equal(new DnsRecord($"search.{ns}.svc.cluster.local", DnsType.CNAME, 5, new NameData("search.example.com")), Assert.Single(cname.Answers));

        var missing = await AnsweredAsync($"gone.{ns}.svc.cluster.local", DnsType.A, until: r => r.Rcode != DnsRcode.ServFail);
        Assert.Equal(DnsRcode.NXDomain, missing.Rcode);
        Assert.Equal(DnsType.SOA, Assert.Single(missing.Authorities).Type);

        Assert.Equal(["10.244.1.9"], Addresses(await AnsweredAsync($"10-244-1-9.{ns}.pod.cluster.local", DnsType.A)));
        var noNamespace = await AnsweredAsync("10-244-1-9.no-such-namespace.pod.cluster.local", DnsType.A, tcp: true, until: r => r.Rcode != DnsRcode.ServFail);
        Assert.Equal(DnsRcode.NXDomain, noNamespace.Rcode);

        foreach (var tcp in new[] { false, true })
            Assert.Equal(["192.0.2.7"], Addresses(await AnsweredAsync("api.corp.svc.upstream.test", DnsType.A, tcp)));
        var upstreamMissing = await AnsweredAsync("nope.corp.svc.upstream.test", DnsType.A, until: r => r.Rcode != DnsRcode.ServFail);
        Assert.Equal(DnsRcode.NXDomain, upstreamMissing.Rcode);
    }
}
