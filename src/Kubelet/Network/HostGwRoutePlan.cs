using System.Net;
using System.Net.Sockets;
using Cluster.Api.Core.V1;

namespace Cluster.Kubelet.Network;

/// <summary>
/// The host-gw routing decision, pure: every other Node whose podCIDR lies in the cluster CIDR and that reports an IPv4
/// InternalIP is reached through that address; of the routes we own (marked with our protocol), those inside the cluster
/// CIDR that are not wanted go. Routes outside the cluster CIDR are never touched, so agents of different clusters sharing
/// a network namespace keep out of each other's way.
/// </summary>
public static class HostGwRoutePlan
{
    /// <summary>The desired routes, one per destination (the node first by name wins a contested CIDR), ordered by destination.</summary>
    public static IReadOnlyList<PodRoute> Desired(IReadOnlyCollection<Node> nodes, string selfName, Ipv4Cidr clusterCidr)
    {
        var self = nodes.FirstOrDefault(n => n.Metadata?.Name == selfName);
        var ownCidr = self?.Spec?.PodCIDR;
        var routes = new Dictionary<Ipv4Cidr, PodRoute>();
        foreach (var node in nodes.Where(n => n.Metadata?.Name != selfName).OrderBy(n => n.Metadata?.Name, StringComparer.Ordinal))
        {
            if (node.Metadata?.DeletionTimestamp is not null) continue;
            if (node.Spec?.PodCIDR is not { Length: > 0 } text || text == ownCidr || !Ipv4Cidr.TryParse(text, out var cidr, out _)) continue;
            if (!clusterCidr.Contains(cidr) || InternalIp(node) is not { } gateway) continue;
            routes.TryAdd(cidr, new PodRoute(cidr, gateway));
        }
        return [.. routes.Values.OrderBy(r => r.Destination.Network)];
    }

    /// <summary>
    /// The changes from <paramref name="installed"/> (our routes as listed) to <paramref name="desired"/>: a desired route
    /// missing or with another gateway is replaced; an installed one inside the cluster CIDR with no desired route is deleted.
    /// </summary>
    public static RouteChanges Diff(IReadOnlyList<PodRoute> desired, IReadOnlyList<InstalledRoute> installed, Ipv4Cidr clusterCidr)
    {
        var current = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var route in installed) current.TryAdd(Normalize(route.Destination), route.Gateway); // the kernel may list a destination twice (metrics)
        var replace = desired.Where(r => !current.TryGetValue(r.Destination.ToString(), out var gateway) || gateway != r.Gateway.ToString()).ToList();
        var wanted = desired.Select(r => r.Destination.ToString()).ToHashSet(StringComparer.Ordinal);
        var delete = installed
            .Where(r => !wanted.Contains(Normalize(r.Destination)) && InCluster(r.Destination, clusterCidr))
            .Select(r => r.Destination)
            .ToList();
        return new RouteChanges(replace, delete);
    }

    private static IPAddress? InternalIp(Node node) =>
        node.Status?.Addresses?.FirstOrDefault(a => a.Type == "InternalIP" && IPAddress.TryParse(a.Address, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork)?.Address is { } text
            ? IPAddress.Parse(text)
            : null;

    /// <summary>"10.244.1.0/24" as is; a host route "10.244.1.5" as "10.244.1.5/32".</summary>
    private static string Normalize(string destination) => destination.Contains('/', StringComparison.Ordinal) ? destination : destination + "/32";

    private static bool InCluster(string destination, Ipv4Cidr clusterCidr) =>
        IPNetwork.TryParse(Normalize(destination), out var network) && network.BaseAddress.AddressFamily == AddressFamily.InterNetwork
        && network.PrefixLength >= clusterCidr.PrefixLength && clusterCidr.Contains(network.BaseAddress);
}
