namespace Cluster.TestKit;

/// <summary>How a test starts a <see cref="MultiHostCluster"/>.</summary>
public sealed record MultiHostClusterOptions
{
    /// <summary>How many hosts (each a network namespace running <c>cluster agent</c>); their Nodes are host-a, host-b, ...</summary>
    public int Hosts { get; init; } = 2;

    /// <summary>Imports the busybox test image (as busybox:latest) into every host's image store before its agent starts.</summary>
    public bool BusyboxImage { get; init; }

    /// <summary>More arguments for <c>cluster server</c> (e.g. <c>--node-cidr-mask-size 26</c>).</summary>
    public IReadOnlyList<string> ServerArguments { get; init; } = [];

    /// <summary>Runs cluster DNS in the server, listening on the bridge address (a free port) where every host's pods reach it.</summary>
    public bool Dns { get; init; }

    /// <summary>More arguments for every <c>cluster agent</c>.</summary>
    public IReadOnlyList<string> AgentArguments { get; init; } = [];

    /// <summary>How long the server, the hosts' Nodes (Ready, with a podCIDR) may take to come up.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
