using System.Text.Json;

namespace Cluster.TestKit;

/// <summary>
/// A cluster of several hosts on this machine: <c>cluster server</c> (API server, controllers with the node IPAM,
/// scheduler; no agent of its own) in the root network namespace, listening on the test bridge's address, and one
/// <c>cluster agent</c> per host in its own network namespace (<see cref="HostNetwork"/>), joined with the admin token and the
/// server's CA. Ready when every host's Node is Ready and has a podCIDR. Disposing stops the agents, resets their nodes
/// (containers, sandboxes, mounts, cgroups) inside their namespaces, stops the server and removes the namespaces, the
/// bridge and the directories, whatever failed before.
/// <code>
/// await using var cluster = await MultiHostCluster.StartAsync(new MultiHostClusterOptions { BusyboxImage = true });
/// using var k = new Kubectl(cluster.Server.Kubeconfig);
/// // pods pinned with nodeName: cluster.Hosts[0].NodeName ("host-a"); cluster.Hosts[1].RunAsync("ip", "route")
/// </code>
/// </summary>
public sealed class MultiHostCluster : IAsyncDisposable
{
    private readonly MultiHostClusterOptions _options;
    private readonly HostNetwork _network;
    private readonly string _directory;
    private readonly List<TestHost> _hosts = [];

    private MultiHostCluster(MultiHostClusterOptions options, HostNetwork network, string directory)
    {
        _options = options;
        _network = network;
        _directory = directory;
    }

    public ClusterServerProcess Server { get; private set; } = null!;

    public HostNetwork Network => _network;

    public IReadOnlyList<TestHost> Hosts => _hosts;

    public TestHost Host(string nodeName) => _hosts.Single(h => h.NodeName == nodeName);

    public static async Task<MultiHostCluster> StartAsync(MultiHostClusterOptions? options = null)
    {
        options ??= new MultiHostClusterOptions();
        var network = await HostNetwork.CreateAsync(options.Hosts);
        // Short paths: a container's attach socket under the agent's data directory must fit in 107 bytes.
        var cluster = new MultiHostCluster(options, network, Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), network.Prefix)).FullName);
        try
        {
            await cluster.StartServerAsync();
            for (var i = 0; i < network.Hosts.Count; i++)
            {
                var host = new TestHost($"host-{(char)('a' + i)}", network.Hosts[i], Path.Combine(cluster._directory, ((char)('a' + i)).ToString()));
                Directory.CreateDirectory(host.DataDirectory);
                cluster._hosts.Add(host);
                if (options.BusyboxImage) await TestImages.ImportBusyboxAsync(host.Directory);
                cluster.StartAgent(host);
            }
            await cluster.WaitForNodesAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts (again) the host's agent on its data directory.</summary>
    public void StartAgent(TestHost host)
    {
        if (host.Agent is { HasExited: false }) throw new InvalidOperationException($"the agent of {host.NodeName} is running");
        host.Agent = ClusterCommandProcess.StartWith(host.Launcher, [
            "agent", "--server", Server.Url.ToString(), "--token", Server.Token, "--ca-file", Path.Combine(Server.DataDirectory, "ca.crt"),
            "--node-name", host.NodeName, "--node-ip", host.Address, "--data-dir", host.DataDirectory, "--pod-bridge", host.PodBridge,
            .. _options.AgentArguments]);
    }

    private async Task StartServerAsync() =>
        Server = await ClusterServerProcess.StartAsync(new ClusterServerOptions
        {
            Bind = _network.BridgeAddress, Agent = false, StartTimeout = _options.StartTimeout, Dns = _options.Dns,
            ExtraArguments = _options.Dns ? [.. _options.ServerArguments, "--node-ip", _network.BridgeAddress] : _options.ServerArguments,
        });

    /// <summary>Waits until every host's Node is Ready and has a podCIDR.</summary>
    public async Task WaitForNodesAsync()
    {
        using var client = Server.CreateClient();
        await Eventually.TrueAsync(async () =>
        {
            foreach (var host in _hosts)
            {
                if (host.Agent is { HasExited: true } agent)
                    throw new InvalidOperationException($"the agent of {host.NodeName} exited:\n{string.Join('\n', agent.RecentOutput)}");
                using var response = await client.GetAsync(new Uri($"/api/v1/nodes/{host.NodeName}", UriKind.Relative));
                if (!response.IsSuccessStatusCode) return false;
                using var node = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                if (!node.RootElement.TryGetProperty("spec", out var spec) || !spec.TryGetProperty("podCIDR", out _)) return false;
                if (!node.RootElement.TryGetProperty("status", out var status) || !status.TryGetProperty("conditions", out var conditions)) return false;
                if (!conditions.EnumerateArray().Any(c => c.GetProperty("type").GetString() == "Ready" && c.GetProperty("status").GetString() == "True")) return false;
            }
            return true;
        }, _options.StartTimeout, "every host's Node is Ready with a podCIDR");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts) await Quietly(host.StopAgentAsync);
        // The agents' containers, sandboxes and pod networks outlive them: reset each inside its own namespace.
        foreach (var host in _hosts) await Quietly(() => ResetAsync(host));
        if (Server is not null) await Quietly(async () => await Server.DisposeAsync());
        await Quietly(async () => await _network.DisposeAsync());
        await Quietly(() =>
        {
            Directory.Delete(_directory, recursive: true);
            return Task.CompletedTask;
        });
    }

    private static async Task ResetAsync(TestHost host)
    {
        if (!Directory.Exists(host.DataDirectory)) return;
        await using var reset = ClusterCommandProcess.StartWith(host.Launcher, "reset", "--data-dir", host.DataDirectory);
        await reset.WaitForExitAsync(TimeSpan.FromSeconds(120));
    }

    private static async Task Quietly(Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or TimeoutException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            // teardown goes on: what is left of this step must not keep the later ones from running
        }
    }
}
