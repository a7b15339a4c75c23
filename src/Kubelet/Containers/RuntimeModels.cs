using System.Net;

namespace Cluster.Kubelet.Containers;

/// <summary>What a pod sandbox is made from (CRI's PodSandboxConfig): the pod's identity and its shared namespaces.</summary>
public sealed record SandboxConfig
{
    public required string PodUid { get; init; }
    public required string PodNamespace { get; init; }
    public required string PodName { get; init; }
    /// <summary>Counts the sandboxes made for this pod, from 0.</summary>
    public int Attempt { get; init; }
    public required string Hostname { get; init; }
    /// <summary>The pod shares the node's network and UTS namespaces: no sandbox network, no pod IP of its own.</summary>
    public bool HostNetwork { get; init; }
    public bool HostIpc { get; init; }
    /// <summary>The pod-level cgroup (relative to a hierarchy root), created with the pod's limits.</summary>
    public required string CgroupParent { get; init; }
    public PodCgroupLimits CgroupLimits { get; init; } = new();
    public IReadOnlyList<SandboxPortMapping> PortMappings { get; init; } = [];
}

public sealed record SandboxPortMapping(int HostPort, int ContainerPort, string Protocol, string? HostIp);

/// <summary>The pod-level cgroup's values; null leaves a resource unlimited.</summary>
public sealed record PodCgroupLimits
{
    public long CpuShares { get; init; } = 2;
    public long? CpuQuotaMicros { get; init; }
    public long? MemoryBytes { get; init; }
}

public enum SandboxState
{
    Ready,
    NotReady,
}

/// <summary>A sandbox as the runtime knows it (CRI's PodSandbox + PodSandboxStatus).</summary>
public sealed record SandboxInfo
{
    public required string Id { get; init; }
    public required SandboxConfig Config { get; init; }
    public required SandboxState State { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public IPAddress? PodIp { get; init; }
    /// <summary>The pinned network namespace (null for host-network pods).</summary>
    public string? NetnsPath { get; init; }
}

/// <summary>
/// What a container is started with (CRI's ContainerConfig), already resolved by the kubelet: the final argv, the
/// environment, host paths of its mounts, and its cgroup values.
/// </summary>
public sealed record ContainerLaunch
{
    public required string Name { get; init; }
    /// <summary>How many times this container of this pod was started before (the restart count it will carry).</summary>
    public int Attempt { get; init; }
    public required string ImageRootfs { get; init; }
    /// <summary>The image as the pod named it, and the digest it resolved to (container status image / imageID).</summary>
    public required string Image { get; init; }
    public required string ImageId { get; init; }
    public required IReadOnlyList<string> Args { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Env { get; init; } = [];
    public string WorkingDir { get; init; } = "/";
    public IReadOnlyList<ContainerMount> Mounts { get; init; } = [];
    public ContainerResources Resources { get; init; } = new();
    public ContainerSecurity Security { get; init; } = new();
    /// <summary>The CRI-format log file the container's output goes to.</summary>
    public required string LogPath { get; init; }
    public bool Stdin { get; init; }
    public bool StdinOnce { get; init; }
    public bool Tty { get; init; }
    /// <summary>The signal that asks it to stop (the image's StopSignal), SIGTERM when null.</summary>
    public string? StopSignal { get; init; }
    /// <summary>Opaque kubelet bookkeeping kept with the container (spec hash, termination message path, ...).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
}

public sealed record ContainerMount(string HostPath, string ContainerPath, bool ReadOnly);

/// <summary>A container's cgroup values as CgroupResources derives them from requests and limits.</summary>
public sealed record ContainerResources
{
    public long CpuShares { get; init; } = 2;
    public long? CpuQuotaMicros { get; init; }
    public long CpuPeriodMicros { get; init; } = 100_000;
    public long? MemoryLimitBytes { get; init; }
    public long? PidsLimit { get; init; }
    public int? OomScoreAdj { get; init; }
}

/// <summary>The container's effective securityContext (container fields over the pod's).</summary>
public sealed record ContainerSecurity
{
    public long? RunAsUser { get; init; }
    public long? RunAsGroup { get; init; }
    public IReadOnlyList<long> SupplementalGroups { get; init; } = [];
    public bool Privileged { get; init; }
    public bool ReadOnlyRootFilesystem { get; init; }
    /// <summary>no_new_privs: on unless allowPrivilegeEscalation is set true or the container is privileged.</summary>
    public bool NoNewPrivileges { get; init; } = true;
    public IReadOnlyList<string> AddCapabilities { get; init; } = [];
    public IReadOnlyList<string> DropCapabilities { get; init; } = [];
    /// <summary>The image's USER when the pod sets no runAsUser: a number, name, or "user:group".</summary>
    public string ImageUser { get; init; } = "";
}

public enum ContainerRunState
{
    Created,
    Running,
    Exited,
    Unknown,
}

/// <summary>A container as the runtime knows it (CRI's ContainerStatus).</summary>
public sealed record ContainerInfo
{
    public required string Id { get; init; }
    public required string SandboxId { get; init; }
    public required string PodUid { get; init; }
    public required string Name { get; init; }
    public required int Attempt { get; init; }
    public required string Image { get; init; }
    public required string ImageId { get; init; }
    public required ContainerRunState State { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public int? ExitCode { get; init; }
    /// <summary>OOMKilled, Error, Completed or ContainerStatusUnknown, as the pod status reports it.</summary>
    public string? Reason { get; init; }
    public string? Message { get; init; }
    public required string LogPath { get; init; }
    public int? Pid { get; init; }
    public bool Stdin { get; init; }
    public bool Tty { get; init; }
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
}

/// <summary>A container could not be created or started; the pod reports it as CreateContainerError / RunContainerError.</summary>
public sealed class ContainerStartException(string reason, string message) : Exception(message)
{
    public string Reason { get; } = reason;
}

/// <summary>How an exec ended: its exit code (-1 when it timed out) and what it printed.</summary>
public sealed record ExecResult(int ExitCode, string Output, bool TimedOut = false);
