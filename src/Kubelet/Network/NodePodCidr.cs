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
        if (Usable(registered.Spec?.PodCIDR, options.NodeName, log) is { } assigned) return assigned;
        if (options.PodCidr is { } configured) return configured;
        var deadline = time.GetUtcNow() + options.PodCidrWait;
        LogWaiting(log, options.NodeName, options.PodCidrWait.TotalSeconds);
        while (time.GetUtcNow() < deadline)
        {
            await Task.Delay(PollInterval, time, ct);
            try
            {
                if (Usable((await client.GetAsync<Node>(new ObjectKey("", options.NodeName), ct)).Spec?.PodCIDR, options.NodeName, log) is { } cidr) return cidr;
            }
            catch (Exception e) when (e is ApiException or HttpRequestException or TimeoutException && !ct.IsCancellationRequested)
            {
                // the next poll asks again
            }
        }
        LogFallback(log, options.NodeName, BridgeNetworkOptions.DefaultPodCidr);
        return BridgeNetworkOptions.DefaultPodCidr;
    }

    /// <summary>The Node's podCIDR if the pod network can use it (the API accepts any CIDR, an IPv6 one or a /32 too).</summary>
    private static string? Usable(string? podCidr, string node, ILogger log)
    {
        if (podCidr is not { Length: > 0 }) return null;
        if (Ipv4Cidr.TryParse(podCidr, out _, out var error)) return podCidr;
        LogUnusable(log, node, podCidr, error);
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {Node} has podCIDR {PodCidr}, which the pod network cannot use ({Error}): ignored")]
    private static partial void LogUnusable(ILogger logger, string node, string podCidr, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Waiting up to {Seconds}s for node {Node} to get a podCIDR from the node IPAM")]
    private static partial void LogWaiting(ILogger logger, string node, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {Node} got no podCIDR (is the nodeipam controller running?): pods use {PodCidr}, and other nodes get no route to them")]
    private static partial void LogFallback(ILogger logger, string node, string podCidr);
}
