using Cluster.Kubelet.Nodes;
using Cluster.Runtime.Client;
using Microsoft.Extensions.Logging;

namespace Cluster.Kubelet;

/// <summary>
/// The node agent (`cluster agent`, or inside `cluster server`): registers this host as a Node with its real capacity and
/// keeps it alive (Lease, conditions). Running pods through runc is being added on top of it.
/// </summary>
public sealed class NodeAgent(ClusterClient client, KubeletOptions options, ILoggerFactory loggers, TimeProvider? time = null)
{
    /// <summary>What the node reports as its container runtime until the runc runtime is wired in.</summary>
    public const string RuntimeVersion = "runc://1.1";

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Measurements of the host; tests may substitute readings to provoke pressure conditions.</summary>
    public Func<NodeReadings>? Readings { get; init; }

    public async Task RunAsync(CancellationToken ct)
    {
        options.Validate();
        Directory.CreateDirectory(options.DataDirectory);
        var machine = MachineInfo.Read(options.DataDirectory);
        var heartbeat = new NodeHeartbeat(client, options, machine, Readings ?? (() => NodeReadings.Read(options.DataDirectory)), () => null,
            RuntimeVersion, _time, loggers.CreateLogger("agent"));
        try
        {
            var node = await heartbeat.RegisterAsync(ct);
            await heartbeat.RunAsync(node, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }
}
