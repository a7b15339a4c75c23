namespace Cluster.TestKit;

/// <summary>How a test starts <c>cluster server</c>.</summary>
public sealed record ClusterServerOptions
{
    /// <summary>Etcd client URLs; null runs on the embedded store.</summary>
    public string? EtcdServers { get; init; }

    /// <summary>A data directory to (re)use; null makes a fresh one that is deleted on dispose.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>The address to serve on (<c>--bind</c>); null serves on 127.0.0.1. <see cref="ClusterServerProcess.Url"/> names it.</summary>
    public string? Bind { get; init; }

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>More arguments for <c>cluster server</c> (e.g. <c>--disable-controllers</c>).</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>
    /// Whether the server runs its node agent (this host becomes a Node). Off by default, so that tests placing pods on
    /// hollow nodes see only those; tests of the agent turn it on.
    /// </summary>
    public bool Agent { get; init; }

    /// <summary>Imports the busybox test image (as busybox:latest) into the node's image store before the server starts.</summary>
    public bool BusyboxImage { get; init; }

    /// <summary>
    /// Whether the server runs cluster DNS (on a free port unless <see cref="ExtraArguments"/> name --dns-port). Off by
    /// default, so that servers of parallel tests on one host do not contend for the node's port 53.
    /// </summary>
    public bool Dns { get; init; }
}
