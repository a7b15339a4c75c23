using System.Net;

namespace Cluster.Controllers.Dns;

/// <summary>How <c>cluster server</c> runs cluster DNS: where it listens, and the kube-dns Service that points at it.</summary>
public sealed record ClusterDnsOptions
{
    /// <summary>Where UDP and TCP listen: the node's IP on port 53 by default (not 0.0.0.0, which a local stub resolver on 127.0.0.53:53 blocks).</summary>
    public required IPEndPoint Listen { get; init; }

    /// <summary>The Node this server runs as: the kube-dns EndpointSlice of this server is named after it and carries it.</summary>
    public required string NodeName { get; init; }

    /// <summary>The kube-dns Service's ClusterIP: the nameserver pods are given.</summary>
    public string ServiceIp { get; init; } = KubeDnsObjects.DefaultServiceIp;

    public string ClusterDomain { get; init; } = ClusterDnsRecords.DefaultDomain;

    /// <summary>Resolvers for other names; null reads the node's /etc/resolv.conf.</summary>
    public IReadOnlyList<IPEndPoint>? Upstreams { get; init; }

    /// <summary>The longest wait between attempts to write the kube-dns objects after a failure.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a stopping server keeps answering after withdrawing its EndpointSlice, while the proxies catch up.</summary>
    public TimeSpan DrainDelay { get; init; } = TimeSpan.FromSeconds(1);
}
