namespace Cluster.Kubelet.Hollow;

/// <summary>Settings of a fleet of simulated nodes (<c>cluster hollow-nodes</c>).</summary>
public sealed record HollowNodeOptions
{
    /// <summary>How many nodes; named <see cref="NamePrefix"/> + index.</summary>
    public int Count { get; init; } = 1;

    public string NamePrefix { get; init; } = "hollow-node-";

    /// <summary>Capacity (and allocatable) of each node, as resource quantities.</summary>
    public string Cpu { get; init; } = "4";

    public string Memory { get; init; } = "16Gi";

    public int Pods { get; init; } = 110;

    public string EphemeralStorage { get; init; } = "100Gi";

    /// <summary>Extra labels on every node (e.g. a zone).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>When positive, node i is labelled topology.kubernetes.io/zone=zone-(i mod Zones), for topology spread.</summary>
    public int Zones { get; init; }

    /// <summary>Time a bound pod spends in ContainerCreating before it runs; zero skips that state.</summary>
    public TimeSpan StartDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Time containers take to stop after a deletion (never longer than the pod's grace period).</summary>
    public TimeSpan StopDelay { get; init; } = TimeSpan.Zero;

    /// <summary>The node Lease duration (upstream: 40 s); renewed every quarter of it as the kubelet does.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>How often each node renews its Lease (upstream: a quarter of the duration, 10 s).</summary>
    public TimeSpan RenewInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Pods worked on at once across the fleet.</summary>
    public int Workers { get; init; } = 16;

    /// <summary>Lease renewals in flight at once across the fleet.</summary>
    public int RenewConcurrency { get; init; } = 16;

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Count, 65_000);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Pods);
        ArgumentOutOfRangeException.ThrowIfNegative(Zones);
        ArgumentOutOfRangeException.ThrowIfLessThan(RenewInterval, TimeSpan.FromMilliseconds(10));
        ArgumentOutOfRangeException.ThrowIfLessThan(LeaseDuration, RenewInterval);
    }
}
