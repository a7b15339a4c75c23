using System.Net;

namespace Cluster.Controllers.Dns;

public sealed record DnsServerOptions
{
    /// <summary>Where UDP and TCP listen; port 0 picks one free port for both.</summary>
    public IPEndPoint Listen { get; init; } = new(IPAddress.Any, 53);

    public string ClusterDomain { get; init; } = ClusterDnsRecords.DefaultDomain;

    /// <summary>Resolvers for names outside the cluster's zones; null reads the node's /etc/resolv.conf.</summary>
    public IReadOnlyList<IPEndPoint>? Upstreams { get; init; }

    /// <summary>How long to wait for each upstream before trying the next (SERVFAIL when none answers).</summary>
    public TimeSpan ForwardTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a TCP client may stay idle between queries.</summary>
    public TimeSpan TcpIdleTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
