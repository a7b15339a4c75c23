using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Cluster.Kubelet.Server;

/// <summary>
/// Where the kubelet's HTTPS API listens and whom it trusts: the address and port (0 picks a free port), the directory
/// holding its serving certificate, the cluster CA that must have signed the caller's client certificate, and the
/// <c>cluster-shim</c> binary that runs exec sessions.
/// </summary>
public sealed record KubeletServerSettings
{
    public required IPAddress Bind { get; init; }
    public required int Port { get; init; }
    public required string CertificateDirectory { get; init; }
    public required X509Certificate2 ClusterCa { get; init; }
    public required string ShimPath { get; init; }

    /// <summary>Names and addresses the serving certificate covers (the node's name and IP).</summary>
    public IReadOnlyList<string> CertificateNames { get; init; } = [];

    /// <summary>The settings of a node agent: every address, its port, <c>pki/</c> in its data directory.</summary>
    public static KubeletServerSettings For(KubeletOptions options, string clusterCaPem, string shimPath) => new()
    {
        // As the kubelet's --address default: every address (the node IP may be one this host does not hold, e.g. NAT).
        Bind = IPAddress.Any,
        Port = options.KubeletPort,
        CertificateDirectory = Path.Combine(options.DataDirectory, "pki"),
        ClusterCa = X509Certificate2.CreateFromPem(clusterCaPem),
        ShimPath = shimPath,
        CertificateNames = options.NodeIp is { } address ? [options.NodeName, address] : [options.NodeName],
    };
}
