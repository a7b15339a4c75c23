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

    /// <summary>How long the node's Lease holds without renewal (the kubelet's nodeLeaseDurationSeconds).</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>How often the Lease is renewed (a quarter of its duration, as the kubelet does).</summary>
    public TimeSpan LeaseRenewInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the node's conditions are measured; a change is posted at once.</summary>
    public TimeSpan StatusCheckInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the status is posted when nothing changed.</summary>
    public TimeSpan StatusReportInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The hard eviction thresholds that decide the pressure conditions and are kept out of allocatable.</summary>
    public EvictionThresholds Eviction { get; init; } = new();

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(NodeName)) throw new ArgumentException("the node name must not be empty");
        if (MaxPods <= 0) throw new ArgumentException("max pods must be positive");
        if (LeaseRenewInterval <= TimeSpan.Zero || LeaseRenewInterval >= LeaseDuration)
            throw new ArgumentException("the lease renew interval must be positive and shorter than the lease duration");
        if (StatusCheckInterval <= TimeSpan.Zero || StatusReportInterval < StatusCheckInterval)
            throw new ArgumentException("the status check interval must be positive and no longer than the report interval");
    }
}

/// <summary>The kubelet's default hard eviction signals: memory.available&lt;100Mi, nodefs.available&lt;10%, pid.available&lt;5%.</summary>
public sealed record EvictionThresholds
{
    public long MemoryAvailableBytes { get; init; } = 100L * 1024 * 1024;

    public double DiskAvailableFraction { get; init; } = 0.10;

    public double PidAvailableFraction { get; init; } = 0.05;
}
