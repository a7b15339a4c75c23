using System.Globalization;
using Cluster.Api.Core.V1;
using Cluster.Bench;
using Cluster.Runtime.Client;
using Cluster.TestKit;

namespace Cluster.Kubelet.Bench;

/// <summary>
/// A node for the benchmark: one standalone <c>cluster agent</c> on its own data directory (with the busybox image
/// imported), bridge and pod range, joined to the API server through its admin kubeconfig. Disposing kills the agent,
/// runs <c>cluster reset</c> on its data directory (every container and shim goes), deletes the directory and the Node.
/// </summary>
internal sealed class BenchNode : IAsyncDisposable
{
    private static int _nodes;
    private readonly ClusterClient _client;
    private readonly string _parent;
    private readonly string[] _arguments;
    private AgentProcess? _agent;

    private BenchNode(ClusterClient client, string kubeconfig, string name)
    {
        _client = client;
        Name = name;
        _parent = Path.Combine(Path.GetTempPath(), $"cluster-bench-{name}-{Guid.NewGuid().ToString("N")[..8]}");
        var n = Interlocked.Increment(ref _nodes);
        // Unique per process and node: tests and other benches share this host's network namespace.
        var bridge = "kb" + Guid.NewGuid().ToString("N")[..10];
        var podCidr = string.Create(CultureInfo.InvariantCulture, $"10.{200 + Environment.ProcessId % 40}.{(n * 4) % 256}.0/22");
        _arguments = ["--kubeconfig", kubeconfig, "--node-name", name, "--data-dir", DataDirectory,
            "--pod-bridge", bridge, "--pod-cidr", podCidr, "--kubelet-port", "0"];
    }

    public string Name { get; }

    /// <summary>The agent's --data-dir.</summary>
    public string DataDirectory => Path.Combine(_parent, "agent");

    public AgentProcess Agent => _agent ?? throw new InvalidOperationException("the agent is not running");

    public static async Task<BenchNode> StartAsync(ClusterClient client, string kubeconfig, string name)
    {
        var node = new BenchNode(client, kubeconfig, name);
        try
        {
            Directory.CreateDirectory(node.DataDirectory);
            await TestImages.ImportBusyboxAsync(node._parent);
            node._agent = AgentProcess.Start(node._arguments);
            await node.WaitReadyAsync(DateTimeOffset.MinValue, TimeSpan.FromMinutes(1));
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL of the agent process alone; its shims and containers keep running.</summary>
    public Task CrashAgentAsync() => Agent.CrashAsync();

    /// <summary>Starts the agent again on the same data directory (after <see cref="CrashAgentAsync"/>).</summary>
    public void StartAgentAgain()
    {
        if (_agent is { HasExited: false }) throw new InvalidOperationException("the agent is still running");
        _agent = AgentProcess.Start(_arguments);
    }

    /// <summary>The Ready condition's lastHeartbeatTime, or null while the Node is not Ready.</summary>
    public async Task<DateTimeOffset?> ReadyHeartbeatAsync()
    {
        var node = await _client.FindAsync<Node>(new("", Name));
        var ready = node?.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
        return ready is { Status: "True" } ? ready.LastHeartbeatTime ?? DateTimeOffset.MinValue : null;
    }

    /// <summary>Waits until the Node is Ready with a heartbeat later than <paramref name="after"/>.</summary>
    public async Task WaitReadyAsync(DateTimeOffset after, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (await ReadyHeartbeatAsync() is not { } beat || beat <= after)
        {
            if (Agent.HasExited) throw new InvalidOperationException($"the agent exited:\n{Agent.RecentOutput}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"node {Name} not Ready within {timeout}:\n{Agent.RecentOutput}");
            Interruption.ThrowIfRequested();
            await Task.Delay(50);
        }
    }

    /// <summary>How many pod sandboxes the agent's runtime holds on disk (0 once deleted pods are cleaned up).</summary>
    public int SandboxCount
    {
        get
        {
            var dir = Path.Combine(DataDirectory, "runtime", "sandboxes");
            return Directory.Exists(dir) ? Directory.GetDirectories(dir).Length : 0;
        }
    }

    public async Task WaitNoSandboxesAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (SandboxCount > 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{SandboxCount} sandboxes still on node {Name} after {timeout}");
            Interruption.ThrowIfRequested();
            await Task.Delay(100);
        }
    }

    /// <summary>Resident memory of this node's container shims (found by the runc root in their command line).</summary>
    public IReadOnlyList<double> ShimResidentMegabytes()
    {
        var root = Path.Combine(DataDirectory, "runtime");
        var sizes = new List<double>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                if (cmdline.Length > 0 && Path.GetFileName(cmdline[0]) == "cluster-shim" && cmdline.Any(a => a.StartsWith(root, StringComparison.Ordinal)))
                    sizes.Add(Hollow.ResidentMegabytes(pid));
            }
            catch (IOException)
            {
                // the process ended meanwhile
            }
        }
        return sizes;
    }

    public async ValueTask DisposeAsync()
    {
        if (_agent is not null) await _agent.DisposeAsync();
        await TestImages.ResetNodeAsync(DataDirectory);
        try
        {
            Directory.Delete(_parent, recursive: true);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"  could not remove {_parent}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            Console.Error.WriteLine($"  could not remove {_parent}: {e.Message}");
        }
        try
        {
            await _client.DeleteAsync<Node>(new("", Name));
        }
        catch (Exception e) when (e is HttpRequestException or Runtime.Client.Errors.ApiException)
        {
            // the server may be gone already
        }
    }
}
