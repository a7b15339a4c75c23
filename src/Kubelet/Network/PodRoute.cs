using System.Net;

namespace Cluster.Kubelet.Network;

/// <summary>A route to another node's pods: its pod CIDR via its InternalIP (host-gw).</summary>
public readonly record struct PodRoute(Ipv4Cidr Destination, IPAddress Gateway)
{
    public override string ToString() => $"{Destination} via {Gateway}";
}
