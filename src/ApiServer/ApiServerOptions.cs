using System.Net;

namespace Cluster.ApiServer;

/// <summary>Settings of one API server. Defaults give a working server on 127.0.0.1:6443.</summary>
public sealed record ApiServerOptions
{
    /// <summary>Where the CA, serving certificate, admin token and admin kubeconfig live.</summary>
    public required string DataDirectory { get; init; }

    public IPAddress Bind { get; init; } = IPAddress.Loopback;

    /// <summary>Port to serve HTTPS on; 0 picks a free one.</summary>
    public int Port { get; init; } = 6443;

    /// <summary>Extra names and addresses for the serving certificate.</summary>
    public IReadOnlyList<string> ExtraCertificateNames { get; init; } = [];

    /// <summary>Request bodies larger than this get 413 (upstream: 3 MiB).</summary>
    public long MaxRequestBodyBytes { get; init; } = 3 * 1024 * 1024;

    /// <summary>Requests served at once, watches excluded; beyond it 429 (upstream: 400 + 200 mutating).</summary>
    public int MaxRequestsInflight { get; init; } = 600;

    /// <summary>How much store history is kept for watches to resume from (upstream compacts every 5 minutes).</summary>
    public TimeSpan CompactionInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Events each resource's watch cache keeps for watchers to catch up from.</summary>
    public int WatchCacheCapacity { get; init; } = 50_000;

    /// <summary>
    /// Admission plugins not to run (names of <see cref="Admission.AdmissionPlugins"/>), as upstream's
    /// <c>--disable-admission-plugins</c>; none by default. A server without a controller manager disables
    /// <c>ServiceAccount</c>, since nothing makes the accounts pods need.
    /// </summary>
    public IReadOnlySet<string> DisabledAdmissionPlugins { get; init; } = new HashSet<string>();

    /// <summary>The IPv4 CIDR cluster IPs come from (upstream's <c>--service-cluster-ip-range</c>); its first address is the kubernetes service's.</summary>
    public string ServiceClusterIpRange { get; init; } = ServiceNetworking.ServiceIpRange.Default;

    /// <summary>The ports NodePort services get (upstream's <c>--service-node-port-range</c>).</summary>
    public string ServiceNodePortRange { get; init; } = ServiceNetworking.NodePortRange.Default;

    /// <summary>
    /// The address the kubernetes service's endpoints name (upstream's <c>--advertise-address</c>); by default the bind
    /// address, or when bound to every address, the host's first non-loopback IPv4 address.
    /// </summary>
    public IPAddress? AdvertiseAddress { get; init; }

    /// <summary>How often the cluster IP and node port claims are checked against the Services (upstream: 3 minutes).</summary>
    public TimeSpan AllocationRepairInterval { get; init; } = TimeSpan.FromMinutes(3);
}
