using Cluster.Api.Coordination.V1;
using Cluster.Api.Core.V1;
using Cluster.Runtime;
using Cluster.Runtime.Client;
using Cluster.Runtime.Client.Errors;
using Microsoft.Extensions.Logging;

namespace Cluster.Kubelet.Nodes;

/// <summary>
/// Registers the agent's Node and keeps it alive as the kubelet does: the Lease in kube-node-lease renewed every
/// <see cref="KubeletOptions.LeaseRenewInterval"/>, the conditions measured every <see cref="KubeletOptions.StatusCheckInterval"/>
/// and posted at once when they differ from what the API holds (the node lifecycle controller may have marked the node
/// Unknown), otherwise every <see cref="KubeletOptions.StatusReportInterval"/>.
/// </summary>
public sealed partial class NodeHeartbeat(
    ClusterClient client, KubeletOptions options, MachineInfo machine, Func<NodeReadings> read, Func<string?> runtimeProblem,
    string runtimeVersion, TimeProvider time, ILogger log)
{
    private readonly string _nodeIp = options.NodeIp ?? NodeAddresses.DetectInternalIp();
    private DateTimeOffset _lastReport = DateTimeOffset.MinValue;

    /// <summary>Creates the Node, or takes over an existing one of that name (labels merged, status replaced); retries until the API answers.</summary>
    public async Task<Node> RegisterAsync(CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var status = CurrentStatus(previous: null);
                var desired = NodeObjects.Registration(options, machine, status);
                Node node;
                try
                {
                    node = await client.CreateAsync(desired, ct: ct);
                    LogRegistered(log, options.NodeName, _nodeIp);
                }
                catch (AlreadyExistsException)
                {
                    var existing = await client.GetAsync<Node>(new ObjectKey("", options.NodeName), ct);
                    var labels = new Dictionary<string, string>(existing.Metadata!.Labels ?? new Dictionary<string, string>());
                    foreach (var (key, value) in desired.Metadata!.Labels!) labels[key] = value;
                    existing = await client.UpdateAsync(existing with
                    {
                        Metadata = existing.Metadata with { Labels = labels }, Spec = NodeObjects.WithClaimedPodCidr(existing.Spec, options),
                    }, ct: ct);
                    node = await client.UpdateStatusAsync(existing with { Status = CurrentStatus(existing.Status?.Conditions) }, ct: ct);
                    LogReregistered(log, options.NodeName);
                }
                _lastReport = time.GetUtcNow();
                return node;
            }
            catch (Exception e) when (e is ApiException or HttpRequestException or TimeoutException && !ct.IsCancellationRequested)
            {
                LogRegisterFailed(log, options.NodeName, e.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(7000, 200 * Math.Pow(2, Math.Min(attempt, 6)))), time, ct);
            }
        }
    }

    public Task RunAsync(Node registered, CancellationToken ct) =>
        Task.WhenAll(RenewLeaseAsync(registered.Metadata!.Uid!, ct), ReportStatusAsync(ct));

    private NodeStatus CurrentStatus(IReadOnlyList<NodeCondition>? previous) =>
        NodeObjects.Status(options, machine, runtimeVersion, _nodeIp,
            NodeConditions.Compute(read(), options.Eviction, runtimeProblem(), previous, time.GetUtcNow()));

    private async Task RenewLeaseAsync(string nodeUid, CancellationToken ct)
    {
        var key = new ObjectKey(NodeObjects.LeaseNamespace, options.NodeName);
        Lease? lease = null;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var now = time.GetUtcNow();
                lease ??= await client.FindAsync<Lease>(key, ct);
                lease = lease is null
                    ? await client.CreateAsync(NodeObjects.Lease(options.NodeName, nodeUid, options.LeaseDuration, now), ct: ct)
                    : await client.UpdateAsync(lease with
                    {
                        Spec = (lease.Spec ?? new LeaseSpec()) with
                        {
                            HolderIdentity = options.NodeName, LeaseDurationSeconds = (int)options.LeaseDuration.TotalSeconds, RenewTime = now,
                        },
                    }, ct: ct);
            }
            catch (Exception e) when (e is ApiException or HttpRequestException or TimeoutException && !ct.IsCancellationRequested)
            {
                lease = null; // start again from the server's copy (or create it)
                LogLeaseFailed(log, options.NodeName, e.Message);
            }

            await DelayAsync(options.LeaseRenewInterval, ct);
        }
    }

    private async Task ReportStatusAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await DelayAsync(options.StatusCheckInterval, ct);
            if (ct.IsCancellationRequested) break;
            try
            {
                var node = await client.GetAsync<Node>(new ObjectKey("", options.NodeName), ct);
                var status = CurrentStatus(node.Status?.Conditions);
                var due = time.GetUtcNow() - _lastReport >= options.StatusReportInterval;
                if (!due && !NodeConditions.Changed(node.Status?.Conditions, status.Conditions!) && SameShape(node.Status, status)) continue;
                await client.UpdateStatusAsync(node with { Status = (node.Status ?? new NodeStatus()) with
                {
                    Capacity = status.Capacity, Allocatable = status.Allocatable, Conditions = status.Conditions,
                    Addresses = status.Addresses, DaemonEndpoints = status.DaemonEndpoints, NodeInfo = status.NodeInfo,
                } }, ct: ct);
                _lastReport = time.GetUtcNow();
            }
            catch (Exception e) when (e is ApiException or HttpRequestException or TimeoutException && !ct.IsCancellationRequested)
            {
                LogStatusFailed(log, options.NodeName, e.Message); // the next check tries again
            }
        }
    }

    private static bool SameShape(NodeStatus? posted, NodeStatus current) =>
        posted is not null && posted.NodeInfo == current.NodeInfo
        && posted.Addresses?.SequenceEqual(current.Addresses!) == true
        && SameQuantities(posted.Capacity, current.Capacity) && SameQuantities(posted.Allocatable, current.Allocatable);

    private static bool SameQuantities(IReadOnlyDictionary<string, Api.Serialization.ResourceQuantity>? a, IReadOnlyDictionary<string, Api.Serialization.ResourceQuantity>? b) =>
        a is not null && b is not null && a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var q) && q.ToString() == p.Value.ToString());

    private async Task DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, time, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered node {Node} ({Address})")]
    private static partial void LogRegistered(ILogger logger, string node, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {Node} was already registered; took it over")]
    private static partial void LogReregistered(ILogger logger, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registering node {Node} failed: {Error}; retrying")]
    private static partial void LogRegisterFailed(ILogger logger, string node, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the lease of node {Node} failed: {Error}")]
    private static partial void LogLeaseFailed(ILogger logger, string node, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Posting the status of node {Node} failed: {Error}")]
    private static partial void LogStatusFailed(ILogger logger, string node, string error);
}
