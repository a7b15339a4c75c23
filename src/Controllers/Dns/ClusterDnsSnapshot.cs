using Cluster.Api.Core.V1;
using Cluster.Api.Discovery.V1;

namespace Cluster.Controllers.Dns;

/// <summary>The objects cluster DNS answers from, as read at one moment.</summary>
public sealed record ClusterDnsSnapshot(IReadOnlyList<Service> Services, IReadOnlyList<EndpointSlice> EndpointSlices)
{
    /// <summary>The namespaces that exist, for pod names (<c>a-b-c-d.ns.pod.DOMAIN</c>); null when not known (every namespace is taken to exist).</summary>
    public IReadOnlySet<string>? Namespaces { get; init; }
}

/// <summary>Where the DNS server reads the cluster's Services and EndpointSlices for each query.</summary>
public interface IClusterDnsSource
{
    ClusterDnsSnapshot Snapshot();

    /// <summary>
    /// A value that changes whenever the snapshot would (read before <see cref="Snapshot"/>), so the records built from
    /// one snapshot can answer until it does; null when unknown (the records are built for each query).
    /// </summary>
    string? Stamp() => null;
}

/// <summary>An answer from the cluster's records: the reply's code and sections (authoritative).</summary>
public sealed record DnsAnswer(DnsRcode Rcode, IReadOnlyList<DnsRecord> Answers, IReadOnlyList<DnsRecord> Authorities, IReadOnlyList<DnsRecord> Additionals);

/// <summary>A source that calls a function for each snapshot.</summary>
public sealed class DelegateDnsSource(Func<ClusterDnsSnapshot> snapshot) : IClusterDnsSource
{
    public ClusterDnsSnapshot Snapshot() => snapshot();
}
