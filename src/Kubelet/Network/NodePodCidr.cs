using Cluster.Api.Core.V1;
using Cluster.Runtime;
using Cluster.Runtime.Client;
using Cluster.Runtime.Client.Errors;
using Microsoft.Extensions.Logging;

namespace Cluster.Kubelet.Network;

/// <summary>
/// Decides the pod CIDR a registered node runs its pods on: the Node's spec.podCIDR when it has one; else the agent's
/// configured <c>--pod-cidr</c>; else the Node is watched (polled) until the node IPAM sets one, for at most
/// <see cref="KubeletOptions.PodCidrWait"/>, after which <see cref="BridgeNetworkOptions.DefaultPodCidr"/> is used alone.
/// </summary>
public static partial class NodePodCidr
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public static async Task<string> ResolveAsync(ClusterClient client, Node registered, KubeletOptions options, TimeProvider time, ILogger log, CancellationToken ct)
    {
        if (registered.Spec?.PodCIDR is { Length: > 0 } assigned) return assigned;
        if (options.PodCidr is { } configured) return configured;
        var deadline = time.GetUtcNow() + options.PodCidrWait;
        LogWaiting(log, options.NodeName, options.PodCidrWait.TotalSeconds);
        while (time.GetUtcNow() < deadline)
        {
            await Task.Delay(PollInterval, time, ct);
            try
            {
                if ((await client.GetAsync<Node>(new ObjectKey("", options.NodeName), ct)).Spec?.PodCIDR is { Length: > 0 } cidr) return cidr;
            }
            catch (Exception e) when (e is ApiException or HttpRequestException or TimeoutException && !ct.IsCancellationRequested)
            {
                // the next poll asks again
            }
        }
        LogFallback(log, options.NodeName, BridgeNetworkOptions.DefaultPodCidr);
        return BridgeNetworkOptions.DefaultPodCidr;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Waiting up to {Seconds}s for node {Node} to get a podCIDR from the node IPAM")]
    private static partial void LogWaiting(ILogger logger, string node, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {Node} got no podCIDR (is the nodeipam controller running?): pods use {PodCidr}, and other nodes get no route to them")]
    private static partial void LogFallback(ILogger logger, string node, string podCidr);
}
