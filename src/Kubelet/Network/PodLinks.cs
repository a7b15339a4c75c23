using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Cluster.Kubelet.Network;

/// <summary>
/// The <c>ip -batch</c> scripts that wire a sandbox, and the host-side veth name, which is derived from the sandbox id so
/// a restarted agent finds it without state.
/// </summary>
public static class PodLinks
{
    public const string PodInterface = "eth0";

    /// <summary>"veth" and 11 hex digits of the sandbox id's SHA-256: 15 characters, the kernel's limit.</summary>
    public static string HostVethName(string sandboxId) =>
        "veth" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sandboxId)))[..11];

    /// <summary>Run in the node's namespace: the pair (pod end created straight inside the netns as eth0), on the bridge, hairpin on.</summary>
    public static string HostSide(string hostVeth, string netnsName, string bridge, int mtu) => string.Create(CultureInfo.InvariantCulture,
        $"""
        link add {hostVeth} mtu {mtu} type veth peer name {PodInterface} mtu {mtu} netns {netnsName}
        link set {hostVeth} master {bridge} up
        link set dev {hostVeth} type bridge_slave hairpin on

        """);

    /// <summary>Run in the pod's namespace (<c>ip -n NAME</c>): lo up, the address, eth0 up, the default route. Every line is idempotent.</summary>
    public static string PodSide(IPAddress podIp, int prefixLength, IPAddress gateway) => string.Create(CultureInfo.InvariantCulture,
        $"""
        link set lo up
        addr replace {podIp}/{prefixLength} dev {PodInterface}
        link set {PodInterface} up
        route replace default via {gateway} dev {PodInterface}

        """);

    /// <summary>Whether an <c>ip</c> failure says the device (or the namespace holding it) is not there.</summary>
    public static bool IsNotFound(HostCommandException error) =>
        error.StandardError.Contains("Cannot find device", StringComparison.Ordinal)
        || error.StandardError.Contains("does not exist", StringComparison.Ordinal)
        || error.StandardError.Contains("Cannot open network namespace", StringComparison.Ordinal);
}
