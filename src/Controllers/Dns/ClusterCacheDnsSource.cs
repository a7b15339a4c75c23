using Cluster.Api.Core.V1;
using Cluster.Api.Discovery.V1;
using Cluster.Runtime.Builder;

namespace Cluster.Controllers.Dns;

/// <summary>
/// Reads the DNS records' objects from the runtime's informer caches. Services and EndpointSlices (and Namespaces, with
/// <paramref name="namespaces"/>) must be declared to the runtime (<c>Informers.For</c>) before it runs; until they have
/// synced the cache throws and the server answers SERVFAIL.
/// </summary>
/// <param name="stamp">What changes with the caches (the informers' resource versions): see <see cref="IClusterDnsSource.Stamp"/>.</param>
public sealed class ClusterCacheDnsSource(ClusterCache cache, bool namespaces = false, Func<string>? stamp = null) : IClusterDnsSource
{
    public string? Stamp() => stamp?.Invoke();

    public ClusterDnsSnapshot Snapshot() => new(cache.List<Service>(), cache.List<EndpointSlice>())
    {
        Namespaces = namespaces ? cache.List<Namespace>().Select(n => n.Metadata?.Name ?? "").ToHashSet(StringComparer.OrdinalIgnoreCase) : null,
    };
}
