namespace Cluster.Kubelet.Nodes;

/// <summary>The node's InternalIP when none is configured: the host's primary IPv4 address, else loopback.</summary>
public static class NodeAddresses
{
    public static string DetectInternalIp() => Api.Networking.HostAddresses.DetectPrimaryIPv4().ToString();
}
