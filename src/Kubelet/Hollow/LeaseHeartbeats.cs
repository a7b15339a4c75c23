using System.Collections.Concurrent;
using Cluster.Api.Coordination.V1;
using Cluster.Runtime;
using Cluster.Runtime.Client;
using Cluster.Runtime.Client.Errors;
using Microsoft.Extensions.Logging;

namespace Cluster.Kubelet.Hollow;

/// <summary>
/// Renews each hollow node's Lease every <see cref="HollowNodeOptions.RenewInterval"/>, spread evenly over the interval
/// so that thousands of nodes make a steady trickle of writes rather than bursts.
/// </summary>
internal sealed partial class LeaseHeartbeats(
    ClusterClient client, HollowNodeOptions options, ConcurrentDictionary<string, Lease> leases, Func<string, bool> stopped,
    Func<string, CancellationToken, Task> renewed, TimeProvider time, ILogger log)
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    // Leases are read and written back without their managed fields, which the server keeps as stored: smaller
    // renewals, and responses that need not decode them.
    private readonly ResourceClient<Lease> _leases = client.Resource<Lease>().WithoutManagedFields();

    public async Task RunAsync(CancellationToken ct)
    {
        var names = leases.Keys.Order(StringComparer.Ordinal).ToArray();
        var start = time.GetUtcNow();
        var due = names.Select((_, i) => start + (options.RenewInterval * ((double)i / names.Length))).ToArray();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var now = time.GetUtcNow();
                var ready = Enumerable.Range(0, names.Length).Where(i => due[i] <= now).ToList();
                foreach (var i in ready) due[i] = now + options.RenewInterval;
                await Parallel.ForEachAsync(ready.Where(i => !stopped(names[i])), new ParallelOptions { MaxDegreeOfParallelism = options.RenewConcurrency, CancellationToken = ct },
                    async (i, token) => await RenewAsync(names[i], token));
                await Task.Delay(Tick, time, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task RenewAsync(string node, CancellationToken ct)
    {
        var lease = leases[node];
        try
        {
            leases[node] = await _leases.UpdateAsync(lease with { Spec = lease.Spec! with { RenewTime = time.GetUtcNow(), HolderIdentity = node } }, ct: ct);
            await renewed(node, ct);
        }
        catch (ApiException e) when (e is ConflictException or NotFoundException)
        {
            // someone else wrote (or removed) it: start again from the server's copy
            try
            {
                leases[node] = await _leases.FindAsync(new ObjectKey(HollowNodes.LeaseNamespace, node), ct)
                    ?? await _leases.CreateAsync(HollowNodes.Lease(node, nodeUid: null, options, time.GetUtcNow()), ct: ct);
            }
            catch (ApiException again)
            {
                LogRenewFailed(log, node, again.Message);
            }
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or TimeoutException)
        {
            LogRenewFailed(log, node, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "hollow node {Node}: renewing its lease failed: {Error}")]
    private static partial void LogRenewFailed(ILogger logger, string node, string error);
}
