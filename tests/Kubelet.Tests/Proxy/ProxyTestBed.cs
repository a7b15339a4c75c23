using System.Diagnostics;
using Cluster.Kubelet.Proxy;
using Cluster.TestKit;

namespace Cluster.Kubelet.Tests.Proxy;

/// <summary>
/// A routed little network of namespaces, all named pxt-&lt;8 hex&gt;-*: a "node" that forwards, "pods" each on a veth of
/// its own (10.250.&lt;n&gt;.2/24, the node at .1; the cluster CIDR is 10.250.0.0/16), and a "client" outside the cluster
/// (10.251.0.2, the node at 10.251.0.1), and a "sink" where service IPs are routed and dropped. A <see cref="ServiceProxy"/> programs the node's iptables through
/// <c>ip netns exec</c>. Pods serve their own name over HTTP (busybox httpd); clients are curl
/// (busybox wget -T crashes on this host). Dispose kills the servers, stops the
/// proxies and deletes the namespaces (with them every veth and rule), whatever the test left.
/// </summary>
internal sealed class ProxyTestBed : IAsyncDisposable
{
    public const string ClusterCidr = "10.250.0.0/16";
    public const string NodeAddress = "10.251.0.1";
    public const string NodeName = "proxy-test-node";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly string _id = Guid.NewGuid().ToString("N")[..8];
    private readonly List<string> _netns = [];
    private readonly List<Process> _servers = [];
    private readonly List<(CancellationTokenSource Stop, Task Run)> _proxies = [];
    private readonly TempDirectory _www = new("proxy-www");
    private int _pods;

    private ProxyTestBed()
    {
    }

    public string Node => $"pxt-{_id}-node";

    public string Client => $"pxt-{_id}-client";

    /// <summary>The namespace of the <paramref name="index"/>th pod added (from 1).</summary>
    public string Pod(int index) => $"pxt-{_id}-p{index}";

    /// <summary>The chain prefix of this bed's proxies.</summary>
    public string Prefix => "PXT-" + _id[..6].ToUpperInvariant();

    public static async Task<ProxyTestBed> CreateAsync()
    {
        var bed = new ProxyTestBed();
        try
        {
            await bed.AddNetnsAsync(bed.Node);
            await Netns(bed.Node, "sysctl", "-qw", "net.ipv4.ip_forward=1");
            await bed.LinkAsync(bed.Client, "c", "10.251.0");
            // Service IPs route somewhere, as through a node's default route: here to a namespace that does not forward
            // and so drops them, so that without a rule a connection to one times out instead of failing on a missing route.
            await bed.LinkAsync($"pxt-{bed._id}-sink", "s", "10.252.0");
            await Netns(bed.Node, "ip", "route", "add", "10.96.0.0/12", "via", "10.252.0.2");
        }
        catch
        {
            await bed.DisposeAsync();
            throw;
        }
        return bed;
    }

    /// <summary>A pod namespace serving "&lt;name&gt;" on port 8080; returns its address.</summary>
    public async Task<string> AddPodAsync(string name)
    {
        var index = ++_pods;
        var ns = Pod(index);
        var address = $"10.250.{index}.2";
        await LinkAsync(ns, "p" + index, $"10.250.{index}");
        var root = Directory.CreateDirectory(Path.Combine(_www.Path, name)).FullName;
        await File.WriteAllTextAsync(Path.Combine(root, "index.html"), name);
        var start = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "netns", "exec", ns, "busybox", "httpd", "-f", "-p", "8080", "-h", root }) start.ArgumentList.Add(argument);
        _servers.Add(Process.Start(start) ?? throw new InvalidOperationException("httpd did not start"));
        await Eventually.TrueAsync(async () => await TryGetAsync(Node, $"{address}:8080") == name, Patience, $"{name} serves on {address}:8080");
        return address;
    }

    public ServiceProxy StartProxy(Func<ServiceProxyOptions, ServiceProxyOptions>? configure = null)
    {
        var options = new ServiceProxyOptions
        {
            NodeName = NodeName,
            ClusterCidr = ClusterCidr,
            ChainPrefix = Prefix,
            NetworkNamespace = Node,
            MinSyncInterval = TimeSpan.FromMilliseconds(20),
        };
        var proxy = new ServiceProxy(configure is null ? options : configure(options));
        var stop = new CancellationTokenSource();
        _proxies.Add((stop, proxy.RunAsync(stop.Token)));
        return proxy;
    }

    public async Task StopProxiesAsync()
    {
        foreach (var (stop, run) in _proxies)
        {
            await stop.CancelAsync();
            await run;
            stop.Dispose();
        }
        _proxies.Clear();
    }

    /// <summary>Waits for the proxy's next successful sync after now.</summary>
    public static Task SyncedAsync(ServiceProxy proxy)
    {
        var after = proxy.Syncs;
        return Eventually.TrueAsync(() => proxy.Syncs > after, Patience, "the proxy synced");
    }

    /// <summary>The body of GET http://<paramref name="target"/>/ from <paramref name="netns"/>, or null when it failed.</summary>
    public static async Task<string?> TryGetAsync(string netns, string target)
    {
        try
        {
            return (await Netns(netns, "curl", "-sS", "--max-time", "2", $"http://{target}/")).Trim();
        }
        catch (HostCommandException)
        {
            return null;
        }
    }

    /// <summary>curl's exit code for GET http://<paramref name="target"/>/ (0 answered, 7 could not connect, 28 timed out).</summary>
    public static async Task<int> CurlExitCodeAsync(string netns, string target) =>
        (await HostCommand.RunForResultAsync("ip", ["netns", "exec", netns, "curl", "-sS", "--max-time", "2", $"http://{target}/"], null, CancellationToken.None)).ExitCode;

    /// <summary>The rules of the node's <paramref name="table"/> as iptables-save prints them.</summary>
    public Task<string> SaveAsync(string table) => Netns(Node, "iptables-save", "-t", table);

    public static Task<string> Netns(string netns, params string[] command) =>
        HostCommand.RunAsync("ip", ["netns", "exec", netns, .. command], null, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await StopProxiesAsync();
        foreach (var server in _servers)
        {
            try
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }
            catch (InvalidOperationException)
            {
            }
            server.Dispose();
        }
        foreach (var ns in _netns) await HostCommand.RunForResultAsync("ip", ["netns", "del", ns], null, CancellationToken.None);
        _www.Dispose();
    }

    private async Task AddNetnsAsync(string name)
    {
        _netns.Add(name);
        await HostCommand.RunAsync("ip", ["netns", "add", name], null, CancellationToken.None);
        await Netns(name, "ip", "link", "set", "lo", "up");
    }

    /// <summary>A namespace joined to the node by a veth: the node end is <paramref name="net"/>.1/24, the other .2 with a default route.</summary>
    private async Task LinkAsync(string ns, string tag, string net)
    {
        await AddNetnsAsync(ns);
        var (nodeEnd, otherEnd) = ($"pxt{_id[..4]}{tag}n", $"pxt{_id[..4]}{tag}o");
        // Made in the test host's namespace and then moved: `ip netns exec` cannot name a peer namespace here.
        await HostCommand.RunAsync("ip", ["link", "add", nodeEnd, "type", "veth", "peer", "name", otherEnd], null, CancellationToken.None);
        await HostCommand.RunAsync("ip", ["link", "set", otherEnd, "netns", ns], null, CancellationToken.None);
        await HostCommand.RunAsync("ip", ["link", "set", nodeEnd, "netns", Node], null, CancellationToken.None);
        await Netns(Node, "ip", "addr", "add", $"{net}.1/24", "dev", nodeEnd);
        await Netns(Node, "ip", "link", "set", nodeEnd, "up");
        await Netns(ns, "ip", "addr", "add", $"{net}.2/24", "dev", otherEnd);
        await Netns(ns, "ip", "link", "set", otherEnd, "up");
        await Netns(ns, "ip", "route", "add", "default", "via", $"{net}.1");
    }
}
