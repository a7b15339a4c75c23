using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Cluster.Api.Networking;

/// <summary>This host's address as others reach it: the first IPv4 address of an up, non-loopback interface, else loopback.</summary>
public static class HostAddresses
{
    public static IPAddress DetectPrimaryIPv4()
    {
        var candidates = NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus is OperationalStatus.Up or OperationalStatus.Unknown && i.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .Where(i => !IsVirtual(i.Name))
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a) && !IsLinkLocal(a));
        return candidates.FirstOrDefault() ?? IPAddress.Loopback;
    }

    // Bridges and veths the agents themselves create (and docker's) are not the host's address.
    private static bool IsVirtual(string name) =>
        name.StartsWith("veth", StringComparison.Ordinal) || name.StartsWith("cni", StringComparison.Ordinal)
        || name.StartsWith("docker", StringComparison.Ordinal) || name.StartsWith("cluster", StringComparison.Ordinal);

    private static bool IsLinkLocal(IPAddress address) => address.GetAddressBytes() is [169, 254, _, _];
}
