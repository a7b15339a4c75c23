namespace Cluster.Kubelet.Containers;

/// <summary>
/// The kubelet's view of a container runtime, shaped like CRI's RuntimeService: sandboxes hold a pod's shared
/// namespaces and network, containers run inside them. State lives with the runtime, so a restarted kubelet lists what
/// is running and adopts it.
/// </summary>
public interface IContainerRuntime
{
    /// <summary>The runtime's name and version as the node reports it (nodeInfo.containerRuntimeVersion), e.g. runc://1.1.5.</summary>
    string Version { get; }

    Task<SandboxInfo> RunPodSandboxAsync(SandboxConfig config, CancellationToken ct);

    /// <summary>Stops every container of the sandbox (killing what is left) and releases its network; idempotent.</summary>
    Task StopPodSandboxAsync(string sandboxId, CancellationToken ct);

    /// <summary>Removes a stopped sandbox with its containers, namespaces and cgroup; idempotent.</summary>
    Task RemovePodSandboxAsync(string sandboxId, CancellationToken ct);

    Task<IReadOnlyList<SandboxInfo>> ListPodSandboxesAsync(CancellationToken ct);

    /// <summary>Prepares a container (bundle, root file system) without starting it.</summary>
    Task<ContainerInfo> CreateContainerAsync(string sandboxId, ContainerLaunch launch, CancellationToken ct);

    Task<ContainerInfo> StartContainerAsync(string containerId, CancellationToken ct);

    /// <summary>Asks the container to stop with its stop signal, then kills it once <paramref name="gracePeriod"/> has passed.</summary>
    Task StopContainerAsync(string containerId, TimeSpan gracePeriod, CancellationToken ct);

    /// <summary>Removes an exited container and its root file system; its log file stays until the sandbox goes.</summary>
    Task RemoveContainerAsync(string containerId, CancellationToken ct);

    Task<IReadOnlyList<ContainerInfo>> ListContainersAsync(CancellationToken ct);

    /// <summary>Runs a command in a running container to its end or <paramref name="timeout"/> (exec probes and hooks).</summary>
    Task<ExecResult> ExecSyncAsync(string containerId, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken ct);

    /// <summary>Raised (from any thread) with the container id and its pod's uid when a container exited.</summary>
    event Action<string, string>? ContainerExited;
}
