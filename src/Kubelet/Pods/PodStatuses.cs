using Cluster.Api.Core.V1;
using Cluster.Kubelet.Containers;

namespace Cluster.Kubelet.Pods;

/// <summary>Why a container is not running yet, as its waiting state shows it (ContainerCreating, ErrImagePull, ...).</summary>
public sealed record Waiting(string Reason, string? Message = null);

/// <summary>What the pod worker knows about a pod beyond the runtime's containers, for its status.</summary>
public sealed record PodView
{
    public SandboxInfo? Sandbox { get; init; }
    /// <summary>The pod's containers in the runtime, newest attempt last per name.</summary>
    public IReadOnlyList<ContainerInfo> Containers { get; init; } = [];
    public IReadOnlyDictionary<string, Waiting> Waiting { get; init; } = new Dictionary<string, Waiting>();
    /// <summary>Readiness of a running container by id (no readiness probe: ready once started).</summary>
    public Func<ContainerInfo, bool> Ready { get; init; } = _ => true;
    /// <summary>Whether a running container's startup probe has passed (none: true).</summary>
    public Func<ContainerInfo, bool> Started { get; init; } = _ => true;
    public required string HostIp { get; init; }
    public bool Terminal { get; init; }
}

/// <summary>
/// A pod's status as the kubelet reports it, from the runtime's containers: per container its state (waiting with the
/// reason the worker recorded, running, or terminated with exit code, reason and termination message), last state,
/// restart count, readiness and image; then phase, the kubelet's conditions, pod and host IPs, start time and QoS class.
/// </summary>
public static class PodStatuses
{
    private const int MaxMessageBytes = 4096;

    public static PodStatus Build(Pod pod, PodView view, DateTimeOffset now)
    {
        // The API keeps times to the second; a finer time here would differ from the stored one on every sync.
        now = Seconds(now);
        var spec = pod.Spec ?? new PodSpec();
        var previous = pod.Status ?? new PodStatus();
        var initStatuses = (spec.InitContainers ?? []).Select(c => ContainerStatus(c, view, init: true)).ToList();
        var initializing = (spec.InitContainers ?? []).Count > 0 && !AllInitialized(spec, initStatuses);
        var statuses = (spec.Containers ?? []).Select(c => ContainerStatus(c, view, init: false, initializing)).ToList();
        var phase = PodPhases.Of(spec, initStatuses, statuses, view.Terminal);
        var sandboxReady = view.Sandbox?.State == SandboxState.Ready;
        var podIp = spec.HostNetwork == true ? view.HostIp : view.Sandbox?.PodIp?.ToString();
        return new PodStatus
        {
            Phase = phase,
            Conditions = PodConditions.Compute(pod, sandboxReady, initStatuses, statuses, phase, now),
            HostIP = view.HostIp,
            HostIPs = [new HostIP { Ip = view.HostIp }],
            PodIP = podIp ?? previous.PodIP,
            PodIPs = podIp is not null ? [new PodIP { Ip = podIp }] : previous.PodIPs,
            StartTime = previous.StartTime ?? now,
            InitContainerStatuses = initStatuses.Count > 0 ? initStatuses : null,
            ContainerStatuses = statuses,
            QosClass = QosClasses.Of(spec),
            NominatedNodeName = previous.NominatedNodeName,
        };
    }

    private static bool AllInitialized(PodSpec spec, IReadOnlyList<ContainerStatus> initStatuses) =>
        (spec.InitContainers ?? []).All(c => initStatuses.FirstOrDefault(s => s.Name == c.Name) is { } s &&
            (PodPhases.IsSidecar(c) ? s.Started == true : s.State?.Terminated?.ExitCode == 0));

    private static ContainerStatus ContainerStatus(Container container, PodView view, bool init, bool initializing = false)
    {
        var name = container.Name ?? "";
        var instances = view.Containers.Where(c => c.Name == name).OrderBy(c => c.Attempt).ToList();
        var latest = instances.LastOrDefault();
        var before = instances.Count > 1 ? instances[^2] : null;
        var status = new ContainerStatus
        {
            Name = name,
            Image = container.Image,
            ImageID = latest?.ImageId ?? "",
            ContainerID = latest is null ? null : "runc://" + latest.Id,
            RestartCount = latest?.Attempt ?? 0,
            Ready = false,
            Started = false,
        };
        view.Waiting.TryGetValue(name, out var waiting);
        if (latest is null)
        {
            var reason = waiting ?? (init || !initializing ? new Waiting("ContainerCreating") : new Waiting("PodInitializing"));
            return status with { State = Waiting(reason) };
        }

        switch (latest.State)
        {
            case ContainerRunState.Running:
                var started = view.Started(latest);
                return status with
                {
                    State = new ContainerState { Running = new ContainerStateRunning { StartedAt = Seconds(latest.StartedAt) } },
                    LastState = before is null ? null : new ContainerState { Terminated = Terminated(before) },
                    Started = started,
                    Ready = started && view.Ready(latest),
                };
            case ContainerRunState.Exited when waiting is not null && !view.Terminal:
                // Exited and due to restart: the kubelet shows the wait (CrashLoopBackOff) and the last run.
                return status with { State = Waiting(waiting), LastState = new ContainerState { Terminated = Terminated(latest) } };
            case ContainerRunState.Exited:
                return status with
                {
                    State = new ContainerState { Terminated = Terminated(latest) },
                    LastState = before is null ? null : new ContainerState { Terminated = Terminated(before) },
                };
            default:
                return status with { State = Waiting(waiting ?? new Waiting("ContainerCreating")) };
        }
    }

    private static DateTimeOffset Seconds(DateTimeOffset time) => new(time.Ticks - time.Ticks % TimeSpan.TicksPerSecond, time.Offset);

    private static DateTimeOffset? Seconds(DateTimeOffset? time) => time is { } t ? Seconds(t) : null;

    private static ContainerState Waiting(Waiting waiting) =>
        new() { Waiting = new ContainerStateWaiting { Reason = waiting.Reason, Message = waiting.Message } };

    private static ContainerStateTerminated Terminated(ContainerInfo container) => new()
    {
        ExitCode = container.ExitCode ?? 0,
        Reason = container.Reason,
        Message = TerminationMessage(container) ?? container.Message,
        StartedAt = Seconds(container.StartedAt),
        FinishedAt = Seconds(container.FinishedAt),
        ContainerID = "runc://" + container.Id,
    };

    /// <summary>What the container wrote to its termination-message file (at most 4 KiB), or null.</summary>
    private static string? TerminationMessage(ContainerInfo container)
    {
        if (ContainerAnnotations.Get(container.Annotations, ContainerAnnotations.TerminationMessagePath) is not { } path) return null;
        try
        {
            using var file = File.OpenRead(path);
            var buffer = new byte[MaxMessageBytes];
            var read = file.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return read == 0 ? null : System.Text.Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
