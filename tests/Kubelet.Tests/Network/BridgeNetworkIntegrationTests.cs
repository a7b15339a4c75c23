using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Cluster.Kubelet.Network;
using static Cluster.Kubelet.Tests.Network.PodNetworkTestBed;

namespace Cluster.Kubelet.Tests.Network;

/// <summary>Real bridges, veths, namespaces and iptables, as root, each test on a bed of its own (see <see cref="PodNetworkTestBed"/>).</summary>
[Trait("tier", "integration")]
[Collection(PodNetworkTestBed.Collection)]
public sealed class BridgeNetworkIntegrationTests
{
    [Fact]
    public async Task Pods_on_one_node_reach_each_other_and_the_gateway_and_the_node_reaches_them()
    {
        await using var bed = await CreateAsync();
        var network = bed.NewNetwork();
        await network.EnsureNodeNetworkAsync(CancellationToken.None);
        var (nsA, nsB) = (await bed.NewNetnsAsync(), await bed.NewNetnsAsync());

        var a = await network.SetUpAsync(Request(NewSandboxId(), nsA), CancellationToken.None);
        var b = await network.SetUpAsync(Request(NewSandboxId(), nsB), CancellationToken.None);

        Assert.NotEqual(a.PodIp, b.PodIp);
        Assert.True(network.PodCidr.Contains(a.PodIp) && network.PodCidr.Contains(b.PodIp));
        Assert.Equal(network.Gateway, a.Gateway);
        Assert.Equal("eth0", a.InterfaceName);
        await PingAsync(nsA, b.PodIp);
        await PingAsync(nsB, a.PodIp);
        await PingAsync(nsA, a.Gateway);
        await PingAsync(null, a.PodIp);
        if (await NodeAddressAsync() is { } nodeIp) await PingAsync(nsB, nodeIp);
    }

    [Fact]
    public async Task Sandboxes_set_up_at_once_get_distinct_addresses_and_reach_each_other()
    {
        await using var bed = await CreateAsync();
        var network = bed.NewNetwork();
        await network.EnsureNodeNetworkAsync(CancellationToken.None);
        var namespaces = new List<string>();
        for (var i = 0; i < 6; i++) namespaces.Add(await bed.NewNetnsAsync());

        var statuses = await Task.WhenAll(namespaces.Select((ns, i) =>
            network.SetUpAsync(Request(NewSandboxId(), ns, i % 2 == 0 ? [new HostPortMapping(32000 + i, 80, "TCP", null)] : []), CancellationToken.None)));

        Assert.Equal(6, statuses.Select(s => s.PodIp).Distinct().Count());
        Assert.Equal(3, (await ChainAsync("nat", network.Rules.HostPorts)).Count(r => r.Contains("-j DNAT", StringComparison.Ordinal)));
        await Task.WhenAll(namespaces.Skip(1).Select((ns, i) => PingAsync(ns, statuses[0].PodIp)));
    }

    [Fact]
    public async Task The_pod_end_is_eth0_with_the_bridge_mtu_and_the_host_end_is_a_hairpin_port_of_the_bridge()
    {
        await using var bed = await CreateAsync();
        var network = bed.NewNetwork();
        await network.EnsureNodeNetworkAsync(CancellationToken.None);
        var ns = await bed.NewNetnsAsync();
        var sandbox = NewSandboxId();

        var status = await network.SetUpAsync(Request(sandbox, ns), CancellationToken.None);

        var bridge = await LinkAsync(null, bed.Options.BridgeName);
        var hostEnd = await LinkAsync(null, PodLinks.HostVethName(sandbox));
        var podEnd = await LinkAsync(ns, "eth0");
        Assert.Equal(bed.Options.BridgeName, hostEnd.GetProperty("master").GetString());
        Assert.True(hostEnd.GetProperty("linkinfo").GetProperty("info_slave_data").GetProperty("hairpin").GetBoolean());
        Assert.Equal(bridge.GetProperty("mtu").GetInt32(), podEnd.GetProperty("mtu").GetInt32());
        Assert.Equal(bridge.GetProperty("mtu").GetInt32(), hostEnd.GetProperty("mtu").GetInt32());
        Assert.Contains("UP", podEnd.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Contains("UP", (await LinkAsync(ns, "lo")).GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        var routes = await RunAsync("ip", "-n", ns, "route", "show", "default");
        Assert.Contains($"default via {status.Gateway} dev eth0", routes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Node_setup_is_idempotent_and_installs_forwarding_masquerade_and_one_jump_per_chain()
    {
        await using var bed = await CreateAsync();
        var network = bed.NewNetwork();
        await network.EnsureNodeNetworkAsync(CancellationToken.None);
        await network.EnsureNodeNetworkAsync(CancellationToken.None);
        await bed.NewNetwork().EnsureNodeNetworkAsync(CancellationToken.None);   // an agent restart

        Assert.Equal("1", (await File.ReadAllTextAsync("/proc/sys/net/ipv4/ip_forward")).Trim());
        var bridgeAddresses = await RunAsync("ip", "-4", "addr", "show", "dev", bed.Options.BridgeName);
        Assert.Contains($"inet {network.Gateway}/24", bridgeAddresses, StringComparison.Ordinal);
        var rules = network.Rules;
        var cidr = network.PodCidr.ToString();
        Assert.Contains($"-A {rules.Postrouting} -s {cidr} ! -d {cidr} ! -o {bed.Options.BridgeName} -j MASQUERADE", await ChainAsync("nat", rules.Postrouting));
        Assert.Single(await ChainAsync("nat", "POSTROUTING"), r => r.EndsWith($"-j {rules.Postrouting}", StringComparison.Ordinal));
        Assert.Single(await ChainAsync("nat", "PREROUTING"), r => r.EndsWith($"-j {rules.HostPorts}", StringComparison.Ordinal));
        Assert.Single(await ChainAsync("nat", "OUTPUT"), r => r.EndsWith($"-j {rules.HostPorts}", StringComparison.Ordinal));
        Assert.Single(await ChainAsync("filter", "FORWARD"), r => r.EndsWith($"-j {rules.Forward}", StringComparison.Ordinal));
        Assert.Equal(2, (await ChainAsync("nat", rules.Postrouting)).Count(r => r.StartsWith("-A", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Addresses_survive_an_agent_restart_and_are_not_handed_out_twice()
    {
        await using var bed = await CreateAsync();
        var before = bed.NewNetwork();
        await before.EnsureNodeNetworkAsync(CancellationToken.None);
        var (nsA, nsB) = (await bed.NewNetnsAsync(), await bed.NewNetnsAsync());
        var sandboxA = NewSandboxId();
        var a = await before.SetUpAsync(Request(sandboxA, nsA), CancellationToken.None);

        var after = bed.NewNetwork();
        await after.EnsureNodeNetworkAsync(CancellationToken.None);
        Assert.Equal(a.PodIp, after.AddressOf(sandboxA));
        var again = await after.SetUpAsync(Request(sandboxA, nsA), CancellationToken.None);
        var b = await after.SetUpAsync(Request(NewSandboxId(), nsB), CancellationToken.None);

        Assert.Equal(a.PodIp, again.PodIp);
        Assert.NotEqual(a.PodIp, b.PodIp);
        Assert.Null(after.AddressOf(NewSandboxId()));
        await PingAsync(nsB, a.PodIp);
    }

    [Fact]
    public async Task Teardown_removes_the_veth_the_hostport_rules_and_the_address_and_is_idempotent()
    {
        await using var bed = await CreateAsync();
        var network = bed.NewNetwork();
        await network.EnsureNodeNetworkAsync(CancellationToken.None);
        var (ns, other) = (await bed.NewNetnsAsync(), await bed.NewNetnsAsync());
        var (sandbox, keeper) = (NewSandboxId(), NewSandboxId());
        var status = await network.SetUpAsync(Request(sandbox, ns, new HostPortMapping(30080, 80, "TCP", null)), CancellationToken.None);
        await network.SetUpAsync(Request(keeper, other, new HostPortMapping(30081, 80, "UDP", null)), CancellationToken.None);
        Assert.Contains(await ChainAsync("nat", network.Rules.HostPorts), r => r.Contains(sandbox, StringComparison.Ordinal));

        await network.TearDownAsync(sandbox, ns, CancellationToken.None);
        await network.TearDownAsync(sandbox, ns, CancellationToken.None);

        await Assert.ThrowsAsync<HostCommandException>(() => RunAsync("ip", "link", "show", PodLinks.HostVethName(sandbox)));
        Assert.Equal("lo", Assert.Single((await RunAsync("ip", "-n", ns, "-o", "link", "show")).Split('\n', StringSplitOptions.RemoveEmptyEntries)).Split(':')[1].Trim());
        var hostPorts = await ChainAsync("nat", network.Rules.HostPorts);
        Assert.DoesNotContain(hostPorts, r => r.Contains(sandbox, StringComparison.Ordinal));
        Assert.Contains(hostPorts, r => r.Contains(keeper, StringComparison.Ordinal));
        Assert.Null(network.AddressOf(sandbox));
        Assert.Null(bed.NewNetwork().AddressOf(sandbox));
        Assert.False(File.Exists(Path.Combine(bed.Options.StateDirectory, "ipam", status.PodIp.ToString())));

        await RunAsync("ip", "netns", "del", other);                          // the runtime removed the namespace first
        await network.TearDownAsync(keeper, other, CancellationToken.None);
        Assert.DoesNotContain(await ChainAsync("nat", network.Rules.HostPorts), r => r.StartsWith("-A", StringComparison.Ordinal));
        Assert.Null(network.AddressOf(keeper));
    }

    [Fact]
    public async Task A_repeated_setup_keeps_the_address_and_one_set_of_hostport_rules()
    {
        await using var bed = await CreateAsync();
        var network = bed.NewNetwork();
        await network.EnsureNodeNetworkAsync(CancellationToken.None);
        var ns = await bed.NewNetnsAsync();
        var sandbox = NewSandboxId();
        var request = Request(sandbox, ns, new HostPortMapping(30090, 8080, "TCP", null), new HostPortMapping(30090, 8080, "SCTP", "0.0.0.0"));

        var first = await network.SetUpAsync(request, CancellationToken.None);
        var second = await network.SetUpAsync(request, CancellationToken.None);
        await bed.NewNetwork().EnsureNodeNetworkAsync(CancellationToken.None);

        Assert.Equal(first.PodIp, second.PodIp);
        var dnat = (await ChainAsync("nat", network.Rules.HostPorts)).Where(r => r.Contains("-j DNAT", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, dnat.Count);
        Assert.All(dnat, r => Assert.Contains($"--to-destination {first.PodIp}:8080", r, StringComparison.Ordinal));
        await PingAsync(null, first.PodIp);
    }

    [Fact]
    public async Task A_restarted_agent_restores_hostport_rules_someone_flushed_from_its_records()
    {
        await using var bed = await CreateAsync();
        var network = bed.NewNetwork();
        await network.EnsureNodeNetworkAsync(CancellationToken.None);
        var ns = await bed.NewNetnsAsync();
        var status = await network.SetUpAsync(Request(NewSandboxId(), ns, new HostPortMapping(30100, 80, "TCP", null)), CancellationToken.None);
        await RunAsync("iptables", "-w", "5", "-t", "nat", "-F", network.Rules.HostPorts);
        await RunAsync("iptables", "-w", "5", "-t", "nat", "-D", "POSTROUTING", "-j", network.Rules.Postrouting);

        await bed.NewNetwork().EnsureNodeNetworkAsync(CancellationToken.None);

        Assert.Contains(await ChainAsync("nat", network.Rules.HostPorts), r => r.EndsWith($"--to-destination {status.PodIp}:80", StringComparison.Ordinal));
        Assert.Single(await ChainAsync("nat", "POSTROUTING"), r => r.EndsWith($"-j {network.Rules.Postrouting}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_hostport_reaches_the_pod_from_the_node_from_another_pod_and_from_the_pod_itself()
    {
        await using var bed = await CreateAsync();
        var network = bed.NewNetwork();
        await network.EnsureNodeNetworkAsync(CancellationToken.None);
        var (nsServer, nsClient) = (await bed.NewNetnsAsync(), await bed.NewNetnsAsync());
        var hostPort = Random.Shared.Next(20000, 40000);
        var server = await network.SetUpAsync(Request(NewSandboxId(), nsServer, new HostPortMapping(hostPort, 8080, "TCP", null)), CancellationToken.None);
        await network.SetUpAsync(Request(NewSandboxId(), nsClient), CancellationToken.None);
        using var listener = new PodListener(nsServer, 8080);
        var viaGateway = new IPEndPoint(network.Gateway, hostPort);

        var fromNode = await PodListener.GreetingAsync(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp), viaGateway);
        var fromPod = await PodListener.GreetingAsync(NetnsSockets.Tcp(nsClient), viaGateway);
        var fromItself = await PodListener.GreetingAsync(NetnsSockets.Tcp(nsServer), viaGateway);

        Assert.StartsWith("hello ", fromNode, StringComparison.Ordinal);
        Assert.Equal($"hello {network.Gateway}", fromPod);                  // masqueraded, so the reply goes back through the NAT
        Assert.Equal($"hello {network.Gateway}", fromItself);               // hairpin
        if (await NodeAddressAsync() is { } nodeIp)
        {
            var fromNodeIp = await PodListener.GreetingAsync(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp), new IPEndPoint(nodeIp, hostPort));
            Assert.StartsWith("hello ", fromNodeIp, StringComparison.Ordinal);
        }
        Assert.NotEqual(server.PodIp, network.Gateway);
    }

    [Fact]
    public async Task A_hostport_bound_to_one_host_ip_answers_only_there()
    {
        await using var bed = await CreateAsync();
        var network = bed.NewNetwork();
        await network.EnsureNodeNetworkAsync(CancellationToken.None);
        var ns = await bed.NewNetnsAsync();
        var hostPort = Random.Shared.Next(20000, 40000);
        await network.SetUpAsync(Request(NewSandboxId(), ns, new HostPortMapping(hostPort, 8080, "TCP", network.Gateway.ToString())), CancellationToken.None);

        var rule = Assert.Single(await ChainAsync("nat", network.Rules.HostPorts), r => r.Contains("-j DNAT", StringComparison.Ordinal));
        Assert.Contains($"-d {network.Gateway}/32", rule, StringComparison.Ordinal);
        using var listener = new PodListener(ns, 8080);
        Assert.StartsWith("hello ", await PodListener.GreetingAsync(NetnsSockets.Tcp(ns), new IPEndPoint(network.Gateway, hostPort)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_into_a_missing_namespace_fails_with_the_tool_error_and_teardown_still_cleans_up()
    {
        await using var bed = await CreateAsync();
        var network = bed.NewNetwork();
        await network.EnsureNodeNetworkAsync(CancellationToken.None);
        var sandbox = NewSandboxId();

        var error = await Assert.ThrowsAsync<HostCommandException>(() => network.SetUpAsync(Request(sandbox, "test-missing-" + sandbox[..8]), CancellationToken.None));
        Assert.NotEmpty(error.StandardError);
        await network.TearDownAsync(sandbox, "test-missing-" + sandbox[..8], CancellationToken.None);
        Assert.Null(network.AddressOf(sandbox));
    }

    [Fact]
    public async Task Setup_before_the_node_side_exists_says_so_and_holds_no_address()
    {
        await using var bed = await CreateAsync();
        var network = bed.NewNetwork();
        var sandbox = NewSandboxId();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => network.SetUpAsync(Request(sandbox, "test-none"), CancellationToken.None));

        Assert.Contains(bed.Options.BridgeName, error.Message, StringComparison.Ordinal);
        Assert.Null(network.AddressOf(sandbox));
    }

    private static async Task<JsonElement> LinkAsync(string? netns, string name)
    {
        var json = netns is null ? await RunAsync("ip", "-d", "-j", "link", "show", "dev", name) : await RunAsync("ip", "-n", netns, "-d", "-j", "link", "show", "dev", name);
        using var links = JsonDocument.Parse(json);
        return links.RootElement[0].Clone();
    }

    /// <summary>The address of the interface holding the default route: a node address other than the bridge's.</summary>
    private static async Task<IPAddress?> NodeAddressAsync()
    {
        using var routes = JsonDocument.Parse(await RunAsync("ip", "-j", "-4", "route", "show", "default"));
        if (routes.RootElement.GetArrayLength() == 0) return null;
        var dev = routes.RootElement[0].GetProperty("dev").GetString()!;
        using var addresses = JsonDocument.Parse(await RunAsync("ip", "-j", "-4", "addr", "show", "dev", dev));
        return addresses.RootElement[0].GetProperty("addr_info").EnumerateArray().Select(a => IPAddress.Parse(a.GetProperty("local").GetString()!)).FirstOrDefault();
    }
}
