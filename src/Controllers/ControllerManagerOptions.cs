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

    /// <summary>The IPv4 range node pod CIDRs are allocated from (upstream's <c>--cluster-cidr</c>).</summary>
    public string ClusterCidr { get; init; } = DefaultClusterCidr;

    /// <summary>The prefix length of each node's pod CIDR (upstream's <c>--node-cidr-mask-size</c>).</summary>
    public int NodeCidrMaskSize { get; init; } = DefaultNodeCidrMaskSize;

    public const string DefaultClusterCidr = "10.244.0.0/16";

    public const int DefaultNodeCidrMaskSize = 24;

    public bool IsEnabled(string controller) => Enabled.Contains(controller);

    /// <summary>Throws <see cref="ArgumentException"/> when the node IPAM is enabled with a range it cannot use.</summary>
    public void Validate()
    {
        if (IsEnabled(NodeIpam.NodeIpamController.Name)) _ = new NodeIpam.CidrSet(NodeIpam.NodeIpamController.ParseClusterCidr(ClusterCidr), NodeCidrMaskSize);
    }
}
