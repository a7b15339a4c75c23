namespace Cluster.TestKit;

/// <summary>
/// One host of a <see cref="MultiHostCluster"/>: its Node name, network namespace and address, and the
/// <c>cluster agent</c> running in it (its state under <see cref="DataDirectory"/>).
/// </summary>
public sealed class TestHost(string nodeName, HostLink link, string directory)
{
    /// <summary>The Node's name (host-a, host-b, ...).</summary>
    public string NodeName { get; } = nodeName;

    /// <summary>The network namespace that is this host.</summary>
    public string Namespace => link.Namespace;

    /// <summary>The host's address (its Node's InternalIP).</summary>
    public string Address => link.Address;

    /// <summary>Where this host keeps its files; its agent's data directory is <c>agent/</c> under it (as <c>cluster images --data-dir</c> expects).</summary>
    public string Directory { get; } = directory;

    public string DataDirectory => Path.Combine(Directory, "agent");

    /// <summary>The pod bridge inside the host (unique, so a reset run in the wrong namespace could not touch another's).</summary>
    public string PodBridge => link.Namespace.Replace("-", "p", StringComparison.Ordinal);

    /// <summary>The running agent (null before start and after <see cref="StopAgentAsync"/>).</summary>
    public ClusterCommandProcess? Agent { get; internal set; }

    /// <summary>The prefix that runs a program in this host's network namespace (<c>nsenter --net=... --</c>).</summary>
    public IReadOnlyList<string> Launcher => link.Launcher;

    /// <summary>Runs a program inside this host (its network namespace), e.g. <c>RunAsync("ip", "route")</c>.</summary>
    public Task<CommandResult> RunAsync(params string[] command) => HostCommandLine.RunAsync([.. Launcher, .. command]);

    /// <summary>Kills the agent (SIGKILL with its children: its containers die too); what is left is reset on dispose.</summary>
    public async Task StopAgentAsync()
    {
        if (Agent is { } agent) await agent.DisposeAsync();
        Agent = null;
    }

    /// <summary>Kills only the agent process (SIGKILL, like a crash of the agent): its containers keep running, to be adopted by the next agent.</summary>
    public async Task CrashAgentAsync()
    {
        if (Agent is { } agent) await agent.KillAsync(entireTree: false);
        Agent = null;
    }
}
