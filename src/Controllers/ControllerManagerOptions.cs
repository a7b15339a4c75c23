using Cluster.Runtime.Leader;

namespace Cluster.Controllers;

/// <summary>Settings of the built-in controllers, as <c>kube-controller-manager</c>'s flags carry them.</summary>
public sealed record ControllerManagerOptions
{
    /// <summary>The controllers to run, by name (<see cref="BuiltInControllers.Names"/>); all of them by default.</summary>
    public IReadOnlySet<string> Enabled { get; init; } = BuiltInControllers.Names.ToHashSet(StringComparer.Ordinal);

    /// <summary>When set, the controllers run only while this process holds the Lease <c>kube-system/kube-controller-manager</c>.</summary>
    public LeaderElectionOptions? LeaderElection { get; init; }

    /// <summary>Workers per controller, as upstream's <c>--concurrent-*-syncs</c> (5 for deployments and replica sets).</summary>
    public int ConcurrentSyncs { get; init; } = 5;

    /// <summary>A node whose Lease is not renewed for this long is marked Ready=Unknown and tainted unreachable.</summary>
    public TimeSpan NodeMonitorGracePeriod { get; init; } = TimeSpan.FromSeconds(50);

    /// <summary>How often the node lifecycle controller looks at node heartbeats.</summary>
    public TimeSpan NodeMonitorPeriod { get; init; } = TimeSpan.FromSeconds(5);

    public bool IsEnabled(string controller) => Enabled.Contains(controller);
}
