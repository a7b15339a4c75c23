using System.Globalization;
using System.Text.Json;
using Cluster.Api.Core.V1;
using Cluster.Runtime;
using Cluster.Runtime.Builder;
using Cluster.Runtime.Controllers;
using Microsoft.Extensions.Logging;

namespace Cluster.Kubelet.Network;

/// <summary>
/// Keeps, in the agent's network namespace, a route to every other node's pod CIDR via that node's InternalIP (flannel's
/// host-gw: the nodes share a link). Level-based: whichever Node changed, the whole set is compared with the kernel's
/// routes that carry our protocol number (<see cref="Protocol"/>), so stale ones (nodes deleted while the agent was down)
/// go on the first pass and nobody else's routes are ever touched. One worker, so passes never interleave.
/// </summary>
public sealed partial class HostGwRouter(ClusterCache cache, string nodeName, Ipv4Cidr clusterCidr, ILogger logger) : IReconciler<Node>
{
    /// <summary>The rtnetlink protocol our routes carry (<c>proto 165</c>); unassigned in iproute2's rt_protos.</summary>
    public const int Protocol = 165;

    private const string Ip = "ip";

    public static void Register(ControllerRuntime controllers, string nodeName, Ipv4Cidr clusterCidr, ILogger logger) =>
        controllers.For<Node>().Named("host-gw-routes").WithConcurrency(1)
            .Complete(new HostGwRouter(controllers.Cache, nodeName, clusterCidr, logger));

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        var desired = HostGwRoutePlan.Desired(cache.List<Node>(), nodeName, clusterCidr);
        var changes = HostGwRoutePlan.Diff(desired, await InstalledAsync(ct), clusterCidr);
        if (changes.IsEmpty) return ReconcileResult.Done;
        var failed = false;
        foreach (var route in changes.Replace)
        {
            try
            {
                await HostCommand.RunAsync(Ip, ["route", "replace", route.Destination.ToString(), "via", route.Gateway.ToString(), "proto", ProtocolText], null, ct);
                LogRouted(logger, route.Destination.ToString(), route.Gateway.ToString());
            }
            catch (HostCommandException e)
            {
                // e.g. the gateway is not on a link of this host: host-gw needs the nodes on one L2 segment.
                LogRouteFailed(logger, route.ToString(), e.StandardError.Trim());
                failed = true;
            }
        }
        foreach (var destination in changes.Delete)
        {
            try
            {
                await HostCommand.RunAsync(Ip, ["route", "del", destination, "proto", ProtocolText], null, ct);
                LogUnrouted(logger, destination);
            }
            catch (HostCommandException e) when (e.StandardError.Contains("No such process", StringComparison.Ordinal))
            {
            }
        }
        return failed ? ReconcileResult.Retry : ReconcileResult.Done;
    }

    private static string ProtocolText => Protocol.ToString(CultureInfo.InvariantCulture);

    /// <summary>Our routes in the main table (IPv4).</summary>
    public static async Task<IReadOnlyList<InstalledRoute>> InstalledAsync(CancellationToken ct)
    {
        var json = await HostCommand.RunAsync(Ip, ["-j", "-4", "route", "show", "proto", ProtocolText], null, ct);
        if (string.IsNullOrWhiteSpace(json)) return [];
        using var routes = JsonDocument.Parse(json);
        return [.. routes.RootElement.EnumerateArray()
            .Where(r => r.TryGetProperty("dst", out _))
            .Select(r => new InstalledRoute(r.GetProperty("dst").GetString()!, r.TryGetProperty("gateway", out var gw) ? gw.GetString() : null))];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Route to pods {Destination} via node {Gateway}")]
    private static partial void LogRouted(ILogger logger, string destination, string gateway);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed the route to pods {Destination}")]
    private static partial void LogUnrouted(ILogger logger, string destination);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot route {Route}: {Error}")]
    private static partial void LogRouteFailed(ILogger logger, string route, string error);
}
