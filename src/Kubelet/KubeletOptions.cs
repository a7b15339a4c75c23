namespace Cluster.Kubelet;

/// <summary>Settings of the node agent (one per host). Defaults are the kubelet's.</summary>
public sealed record KubeletOptions
{
    /// <summary>The Node's name; the host name by default.</summary>
    public required string NodeName { get; init; }

    /// <summary>Where the agent keeps its state (images, pod directories, container state).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The node's InternalIP; the address of the interface holding the default route when not set.</summary>
    public string? NodeIp { get; init; }

    /// <summary>Extra labels the Node registers with.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public int MaxPods { get; init; } = 110;

    /// <summary>The port of the kubelet's HTTPS API (logs, exec, attach, port-forward); 0 picks a free one.</summary>
    public int KubeletPort { get; init; } = 10250;

    /// <summary>How long the node's Lease holds without renewal (the kubelet's nodeLeaseDurationSeconds).</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>How often the Lease is renewed (a quarter of its duration, as the kubelet does).</summary>
    public TimeSpan LeaseRenewInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the node's conditions are measured; a change is posted at once.</summary>
    public TimeSpan StatusCheckInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the status is posted when nothing changed.</summary>
    public TimeSpan StatusReportInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How many pods are worked on at once (each pod by one worker at a time).</summary>
    public int PodWorkers { get; init; } = 16;

    /// <summary>How often the runtime's pods are compared with the API's (pods deleted while the agent was down).</summary>
    public TimeSpan HousekeepingInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often unused images are collected when the disk is over the high threshold (the kubelet's ImageGCPeriod).</summary>
    public TimeSpan ImageGcInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Registry mirrors and credentials (k3s registries.yaml format); &lt;data-dir&gt;/registries.yaml when it exists.</summary>
    public string? RegistriesFile { get; init; }

    /// <summary>The hard eviction thresholds that decide the pressure conditions and are kept out of allocatable.</summary>
    public EvictionThresholds Eviction { get; init; } = new();

    /// <summary>
    /// This node's pod CIDR (IPv4), claimed in spec.podCIDR when the agent registers a Node that has none. Null (the
    /// default): the Node's spec.podCIDR from the node IPAM, waited for up to <see cref="PodCidrWait"/>, then
    /// <see cref="Network.BridgeNetworkOptions.DefaultPodCidr"/>.
    /// </summary>
    public string? PodCidr { get; init; }

    /// <summary>How long the agent waits for the node IPAM to give its Node a podCIDR when <see cref="PodCidr"/> is not set.</summary>
    public TimeSpan PodCidrWait { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The IPv4 range of every pod in the cluster: traffic within it is not masqueraded, and routes to other nodes' pod CIDRs are kept inside it.</summary>
    public string ClusterCidr { get; init; } = Network.BridgeNetworkOptions.DefaultClusterCidr;

    /// <summary>The node bridge pods are attached to.</summary>
    public string BridgeName { get; init; } = Network.BridgeNetworkOptions.DefaultBridgeName;

    /// <summary>What pods' resolv.conf is built from: the cluster DNS nameservers and domain, and the node's resolv.conf.</summary>
    public Pods.PodDnsSettings Dns { get; init; } = new();

    /// <summary>Whether the agent runs the service proxy (kube-proxy's job: service IPs and NodePorts in iptables).</summary>
    public bool ServiceProxy { get; init; } = true;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(NodeName)) throw new ArgumentException("the node name must not be empty");
        if (MaxPods <= 0) throw new ArgumentException("max pods must be positive");
        if (KubeletPort is < 0 or > 65535) throw new ArgumentException("the kubelet port must be between 0 and 65535");
        if (LeaseRenewInterval <= TimeSpan.Zero || LeaseRenewInterval >= LeaseDuration)
            throw new ArgumentException("the lease renew interval must be positive and shorter than the lease duration");
        if (StatusCheckInterval <= TimeSpan.Zero || StatusReportInterval < StatusCheckInterval)
            throw new ArgumentException("the status check interval must be positive and no longer than the report interval");
        if (PodCidr is not null && !Network.Ipv4Cidr.TryParse(PodCidr, out _, out var cidrError)) throw new ArgumentException($"pod CIDR: {cidrError}");
        if (!Network.Ipv4Cidr.TryParse(ClusterCidr, out _, out var clusterError)) throw new ArgumentException($"cluster CIDR: {clusterError}");
        if (PodCidrWait < TimeSpan.Zero) throw new ArgumentException("the pod CIDR wait must not be negative");
        Network.BridgeNetworkOptions.ValidateBridgeName(BridgeName);
        if (Dns.ClusterDns.FirstOrDefault(ip => !System.Net.IPAddress.TryParse(ip, out _)) is { } badDns) throw new ArgumentException($"cluster DNS: {badDns} is not an IP address");
    }
}

/// <summary>The kubelet's default hard eviction signals: memory.available&lt;100Mi, nodefs.available&lt;10%, pid.available&lt;5%.</summary>
public sealed record EvictionThresholds
{
    public long MemoryAvailableBytes { get; init; } = 100L * 1024 * 1024;

    public double DiskAvailableFraction { get; init; } = 0.10;

    public double PidAvailableFraction { get; init; } = 0.05;
}
