using System.Net;
using System.Text.Json;
using Cluster.Kubelet.Network;
using Cluster.TestKit;

namespace Cluster.Kubelet.Tests.Network;

/// <summary>
/// A pod network of its own in the test host's namespace: a unique bridge (tb&lt;8 hex&gt;), chain prefix (T&lt;8 HEX&gt;),
/// a /24 from 10.244.0.0/16 that no route uses yet, a state directory, and netns named test-&lt;8 hex&gt; made on request.
/// Dispose deletes all of it (namespaces, bridge, veths, chains and jumps) whatever the test left.
/// </summary>
internal sealed class PodNetworkTestBed : IAsyncDisposable
{
    /// <summary>The test classes that build beds run one at a time: less RTNL contention, steadier latency figures.</summary>
    public const string Collection = "pod network beds";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static int _nextSubnet = Random.Shared.Next(254);               // beds of one test run never share a /24
    private readonly TempDirectory _state = new("podnet");
    private readonly List<string> _netns = [];
    private readonly List<BridgeNetwork> _networks = [];

    private PodNetworkTestBed(string id, string podCidr) => Options = new BridgeNetworkOptions
    {
        BridgeName = "tb" + id,
        ChainPrefix = "T" + id.ToUpperInvariant(),
        PodCidr = podCidr,
        StateDirectory = _state.Path,
    };

    public BridgeNetworkOptions Options { get; }

    public NatRules Rules => new(Options.ChainPrefix, Options.BridgeName, Ipv4Cidr.Parse(Options.PodCidr), Options.MasqueradeMarkBit);

    public static async Task<PodNetworkTestBed> CreateAsync()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var routes = await RunAsync("ip", "-j", "-4", "route", "show");
        using var json = JsonDocument.Parse(routes);
        var used = json.RootElement.EnumerateArray().Select(r => r.GetProperty("dst").GetString()).ToHashSet();
        // Other test runs on this host are avoided by the routes their bridges already have.
        var third = Enumerable.Range(0, 254).Select(_ => Interlocked.Increment(ref _nextSubnet) % 254 + 1).First(x => !used.Contains($"10.244.{x}.0/24"));
        return new PodNetworkTestBed(id, $"10.244.{third}.0/24");
    }

    /// <summary>A BridgeNetwork over this bed's state: a second one stands for an agent restart.</summary>
    public BridgeNetwork NewNetwork()
    {
        var network = new BridgeNetwork(Options);
        _networks.Add(network);
        return network;
    }

    public async Task<string> NewNetnsAsync()
    {
        var name = "test-" + Guid.NewGuid().ToString("N")[..8];
        _netns.Add(name);
        await RunAsync("ip", "netns", "add", name);
        return name;
    }

    public static PodNetworkRequest Request(string sandboxId, string netns, params HostPortMapping[] ports) =>
        new(sandboxId, "default", "pod-" + sandboxId, netns, ports);

    public static string NewSandboxId() => Guid.NewGuid().ToString("N");

    /// <summary>Pings <paramref name="target"/> from <paramref name="netns"/> (or the host when null) until one reply comes back.</summary>
    public static Task PingAsync(string? netns, IPAddress target) => Eventually.TrueAsync(async () =>
    {
        string[] ping = ["busybox", "ping", "-c1", "-W1", target.ToString()];
        try
        {
            await (netns is null ? RunAsync(ping) : RunAsync(["ip", "netns", "exec", netns, .. ping]));
            return true;
        }
        catch (HostCommandException)
        {
            return false;
        }
    }, Patience, $"{netns ?? "the host"} reaches {target}");

    public static Task<string> RunAsync(params string[] command) => HostCommand.RunAsync(command[0], command[1..], null, CancellationToken.None);

    /// <summary>The rules of one of our chains as <c>iptables -S</c> prints them.</summary>
    public static async Task<string[]> ChainAsync(string table, string chain) =>
        (await RunAsync("iptables", "-w", "5", "-t", table, "-S", chain)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public async ValueTask DisposeAsync()
    {
        foreach (var network in _networks) network.Dispose();
        foreach (var name in _netns) await TryAsync("ip", "netns", "del", name);
        await TryAsync("ip", "link", "del", Options.BridgeName);
        var rules = Rules;
        foreach (var jump in rules.Jumps)
            while (await TryAsync(["iptables", "-w", "5", "-t", jump.Table, "-D", jump.Chain, .. jump.Arguments])) { }
        foreach (var (table, chain) in new[] { ("nat", rules.Postrouting), ("nat", rules.HostPorts), ("filter", rules.Forward) })
        {
            await TryAsync("iptables", "-w", "5", "-t", table, "-F", chain);
            await TryAsync("iptables", "-w", "5", "-t", table, "-X", chain);
        }
        _state.Dispose();
    }

    private static async Task<bool> TryAsync(params string[] command)
    {
        try
        {
            await RunAsync(command);
            return true;
        }
        catch (HostCommandException)
        {
            return false;
        }
    }
}
