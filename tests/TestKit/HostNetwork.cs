using System.Globalization;

namespace Cluster.TestKit;

/// <summary>One test "host": a network namespace with <c>eth0</c> on the test's link.</summary>
public sealed record HostLink(string Namespace, string Address)
{
    /// <summary>The prefix that runs a program in this host's network namespace only (mounts, cgroups and /sys stay the machine's).</summary>
    public IReadOnlyList<string> Launcher => ["nsenter", $"--net=/var/run/netns/{Namespace}", "--"];
}

/// <summary>
/// The wiring of a multi-host test on this machine: <c>n</c> network namespaces ("hosts"), each with an <c>eth0</c> on a
/// private /24 of 172.31.0.0/16 not in use here, linked by veths to one bridge in the root namespace that holds the first
/// address (where the API server listens). Every name carries a random per-test prefix, so parallel tests never meet.
/// Disposing deletes the namespaces and the bridge (the veths go with them); it never fails.
/// </summary>
public sealed class HostNetwork : IAsyncDisposable
{
    private static readonly Lock Claimed = new();
    private static readonly HashSet<int> ClaimedSubnets = [];               // guarded by Claimed: subnets of this process's live fixtures

    private readonly int _subnet;
    private readonly List<HostLink> _hosts = [];

    private HostNetwork(string prefix, int subnet)
    {
        Prefix = prefix;
        _subnet = subnet;
    }

    /// <summary>The per-test prefix of every name made here (e.g. "mh3fa9c1").</summary>
    public string Prefix { get; }

    /// <summary>The bridge in the root namespace.</summary>
    public string Bridge => Prefix + "br";

    /// <summary>The bridge's address: the root namespace as seen from the hosts.</summary>
    public string BridgeAddress => Address(1);

    /// <summary>The link's network, e.g. 172.31.57.0/24.</summary>
    public string Subnet => $"172.31.{_subnet}.0/24";

    public IReadOnlyList<HostLink> Hosts => _hosts;

    public static async Task<HostNetwork> CreateAsync(int hosts)
    {
        if (hosts is < 1 or > 26) throw new ArgumentOutOfRangeException(nameof(hosts), "1 to 26 hosts");
        for (var attempt = 0; ; attempt++)
        {
            var network = new HostNetwork("mh" + Guid.NewGuid().ToString("N")[..6], await ClaimSubnetAsync());
            try
            {
                await network.CreateBridgeAsync();
                // Another test process may have picked the same /24 at the same moment: then both pick again.
                if (!await network.SubnetIsOnlyOursAsync())
                {
                    await network.DisposeAsync();
                    if (attempt < 5) continue;
                    throw new InvalidOperationException($"no /24 of 172.31.0.0/16 stayed free for {network.Prefix}");
                }
                for (var i = 0; i < hosts; i++) await network.AddHostAsync(i);
                return network;
            }
            catch
            {
                await network.DisposeAsync();
                throw;
            }
        }
    }

    private async Task<bool> SubnetIsOnlyOursAsync()
    {
        var addresses = (await HostCommandLine.RunAsync("ip", "-4", "-o", "addr")).Ok().Stdout.Split('\n');
        return addresses.Count(line => line.Contains($" 172.31.{_subnet}.", StringComparison.Ordinal)) == 1;
    }

    private string Address(int host) => $"172.31.{_subnet}.{host.ToString(CultureInfo.InvariantCulture)}";

    private async Task CreateBridgeAsync()
    {
        await Ip("link", "add", Bridge, "type", "bridge");
        // Traffic between the hosts is switched here: keep it out of this machine's iptables (br_netfilter, FORWARD policies).
        await Ip("link", "set", Bridge, "type", "bridge", "nf_call_iptables", "0");
        await Ip("addr", "add", BridgeAddress + "/24", "dev", Bridge);
        await Ip("link", "set", Bridge, "up");
    }

    private async Task AddHostAsync(int index)
    {
        var letter = (char)('a' + index);
        var ns = $"{Prefix}-{letter}";
        var veth = $"{Prefix}v{letter}";
        await Ip("netns", "add", ns);
        var host = new HostLink(ns, Address(index + 2));
        _hosts.Add(host);
        await Ip("link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns);
        await Ip("link", "set", veth, "master", Bridge, "up");
        await Ip("-n", ns, "addr", "add", host.Address + "/24", "dev", "eth0");
        await Ip("-n", ns, "link", "set", "eth0", "up");
        await Ip("-n", ns, "link", "set", "lo", "up");
        // Like a real host's gateway: without a default route, a host's own connections to a ClusterIP fail their route
        // lookup before the service proxy's OUTPUT rules can rewrite them.
        await Ip("-n", ns, "route", "add", "default", "via", BridgeAddress);
    }

    /// <summary>A /24 of 172.31.0.0/16 that no address or route of this machine touches, and no other fixture of this process holds.</summary>
    private static async Task<int> ClaimSubnetAsync()
    {
        var inUse = (await HostCommandLine.RunAsync("ip", "-4", "-o", "addr")).Ok().Stdout + (await HostCommandLine.RunAsync("ip", "-4", "route")).Ok().Stdout;
        var candidates = Enumerable.Range(16, 234).Where(n => !inUse.Contains($"172.31.{n}.", StringComparison.Ordinal)).OrderBy(_ => Random.Shared.Next()).ToList();
        lock (Claimed)
        {
            foreach (var n in candidates)
                if (ClaimedSubnets.Add(n)) return n;
        }
        throw new InvalidOperationException("no free /24 in 172.31.0.0/16 for the test hosts");
    }

    private static async Task Ip(params string[] args) => (await HostCommandLine.RunAsync(["ip", .. args])).Ok();

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts) await HostCommandLine.RunAsync("ip", "netns", "del", host.Namespace);
        await HostCommandLine.RunAsync("ip", "link", "del", Bridge);
        lock (Claimed) ClaimedSubnets.Remove(_subnet);
    }
}
