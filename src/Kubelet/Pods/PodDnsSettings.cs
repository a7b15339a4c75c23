namespace Cluster.Kubelet.Pods;

/// <summary>The kubelet's DNS settings (its --cluster-dns, --cluster-domain and --resolv-conf).</summary>
public sealed record PodDnsSettings
{
    public const string DefaultClusterDns = "10.96.0.10";
    public const string DefaultClusterDomain = "cluster.local";

    /// <summary>The nameservers of ClusterFirst pods; empty makes them fall back to the node's resolv.conf (with an event).</summary>
    public IReadOnlyList<string> ClusterDns { get; init; } = [DefaultClusterDns];

    /// <summary>The cluster domain; empty leaves the cluster search domains out.</summary>
    public string ClusterDomain { get; init; } = DefaultClusterDomain;

    /// <summary>The resolv.conf whose nameservers, search domains and options the node's pods build on.</summary>
    public string ResolvConf { get; init; } = ResolverConfig.NodeResolvConf();
}
