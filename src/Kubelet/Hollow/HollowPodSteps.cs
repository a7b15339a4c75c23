using System.Globalization;
using Cluster.Api.Core.V1;

namespace Cluster.Kubelet.Hollow;

/// <summary>What a hollow node does next for one of its pods.</summary>
public abstract record HollowPodStep
{
    /// <summary>Nothing now (the pod is settled until it changes).</summary>
    public sealed record Idle : HollowPodStep;

    /// <summary>Nothing until <paramref name="Delay"/> has passed.</summary>
    public sealed record Wait(TimeSpan Delay) : HollowPodStep;

    /// <summary>Post <paramref name="Status"/>, then look again after <paramref name="Then"/> (if set).</summary>
    public sealed record Post(PodStatus Status, TimeSpan? Then) : HollowPodStep;

    /// <summary>The containers are stopped: remove the pod object (grace period 0, as the kubelet's last delete).</summary>
    public sealed record Remove : HollowPodStep;
}

/// <summary>
/// The simulated lifecycle of a pod on a hollow node, as a pure function of the pod and the time: Pending with
/// ContainerCreating for <see cref="HollowNodeOptions.StartDelay"/>, then Running and Ready (pod IP, host IP, start time,
/// running container statuses); on deletion, removed after <see cref="HollowNodeOptions.StopDelay"/> capped by the
/// grace period. The annotation <see cref="ExitCodeAnnotation"/> makes the containers exit with that code once
/// running: Succeeded or Failed under restartPolicy Never (and OnFailure with 0), else CrashLoopBackOff.
/// </summary>
public static class HollowPodSteps
{
    public const string ExitCodeAnnotation = "hollow.cluster.io/exit-code";

    public static HollowPodStep Next(Pod pod, HollowNodeOptions options, string hostIp, Func<string> allocateIp, DateTimeOffset now)
    {
        var meta = pod.Metadata!;
        if (meta.DeletionTimestamp is { } deadline)
        {
            var grace = TimeSpan.FromSeconds(meta.DeletionGracePeriodSeconds ?? 0);
            var stopped = deadline - grace + (options.StopDelay < grace ? options.StopDelay : grace);
            return now >= stopped ? new HollowPodStep.Remove() : new HollowPodStep.Wait(stopped - now);
        }
        var status = pod.Status;
        var phase = status?.Phase;
        if (phase is "Succeeded" or "Failed") return new HollowPodStep.Idle();

        var containers = pod.Spec?.Containers ?? [];
        var started = status?.ContainerStatuses is { Count: > 0 } statuses && statuses.All(c => c.State?.Running is not null || c.State?.Terminated is not null || c.State?.Waiting?.Reason == "CrashLoopBackOff");
        if (started)
        {
            if (ExitCode(pod) is { } code && status!.ContainerStatuses!.Any(c => c.State?.Running is not null)) return new HollowPodStep.Post(Exited(pod, code, now), null);
            return new HollowPodStep.Idle();
        }

        var creatingSince = status?.Conditions?.FirstOrDefault(c => c.Type == "Initialized" && c.Status == "True")?.LastTransitionTime;
        var podIp = status?.PodIP is { Length: > 0 } ip ? ip : null;
        if (creatingSince is null && options.StartDelay > TimeSpan.Zero)
            return new HollowPodStep.Post(Creating(pod, hostIp, now), options.StartDelay);
        var runAt = (creatingSince ?? now) + options.StartDelay;
        if (now < runAt) return new HollowPodStep.Wait(runAt - now);
        return new HollowPodStep.Post(Running(pod, hostIp, podIp ?? allocateIp(), creatingSince ?? now, now), ExitCode(pod) is null ? null : TimeSpan.Zero);
    }

    private static int? ExitCode(Pod pod) =>
        pod.Metadata?.Annotations?.TryGetValue(ExitCodeAnnotation, out var text) == true && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) ? code : null;

    private static PodStatus Creating(Pod pod, string hostIp, DateTimeOffset now) => new()
    {
        Phase = "Pending",
        QosClass = pod.Status?.QosClass,
        HostIP = hostIp,
        HostIPs = [new HostIP { Ip = hostIp }],
        StartTime = now,
        Conditions = Conditions(now, initializedSince: now, readySince: null),
        InitContainerStatuses = InitStatuses(pod, now),
        ContainerStatuses = [.. (pod.Spec?.Containers ?? []).Select(c => new ContainerStatus
        {
            Name = c.Name, Image = c.Image, ImageID = "", Ready = false, Started = false, RestartCount = 0,
            State = new ContainerState { Waiting = new ContainerStateWaiting { Reason = "ContainerCreating" } },
        })],
    };

    private static PodStatus Running(Pod pod, string hostIp, string podIp, DateTimeOffset initialized, DateTimeOffset now) => new()
    {
        Phase = "Running",
        QosClass = pod.Status?.QosClass,
        HostIP = hostIp,
        HostIPs = [new HostIP { Ip = hostIp }],
        PodIP = podIp,
        PodIPs = [new PodIP { Ip = podIp }],
        StartTime = pod.Status?.StartTime ?? initialized,
        Conditions = Conditions(now, initializedSince: initialized, readySince: now),
        InitContainerStatuses = InitStatuses(pod, initialized),
        ContainerStatuses = [.. (pod.Spec?.Containers ?? []).Select(c => new ContainerStatus
        {
            Name = c.Name, Image = c.Image, ImageID = ImageId(c.Image), ContainerID = ContainerId(pod, c.Name), Ready = true, Started = true, RestartCount = 0,
            State = new ContainerState { Running = new ContainerStateRunning { StartedAt = now } },
        })],
    };

    private static PodStatus Exited(Pod pod, int code, DateTimeOffset now)
    {
        var policy = pod.Spec?.RestartPolicy ?? "Always";
        var finished = policy == "Never" || (policy == "OnFailure" && code == 0);
        var reason = code == 0 ? "Completed" : "Error";
        var status = pod.Status!;
        var terminated = new ContainerStateTerminated { ExitCode = code, Reason = reason, FinishedAt = now, StartedAt = status.StartTime };
        return status with
        {
            Phase = finished ? (code == 0 ? "Succeeded" : "Failed") : "Running",
            Conditions = Conditions(now, initializedSince: status.StartTime ?? now, readySince: null, reason: finished ? "PodCompleted" : "ContainersNotReady"),
            ContainerStatuses = [.. (status.ContainerStatuses ?? []).Select(c => finished
                ? c with { Ready = false, Started = false, State = new ContainerState { Terminated = terminated with { ContainerID = c.ContainerID } } }
                : c with
                {
                    Ready = false,
                    Started = false,
                    RestartCount = (c.RestartCount ?? 0) + 1,
                    LastState = new ContainerState { Terminated = terminated with { ContainerID = c.ContainerID } },
                    State = new ContainerState { Waiting = new ContainerStateWaiting { Reason = "CrashLoopBackOff", Message = $"back-off 10s restarting failed container={c.Name} pod={pod.Metadata!.Name}_{pod.Metadata.Namespace}({pod.Metadata.Uid})" } },
                })],
        };
    }

    private static List<ContainerStatus>? InitStatuses(Pod pod, DateTimeOffset at) => pod.Spec?.InitContainers is { Count: > 0 } init
        ? [.. init.Select(c => new ContainerStatus
        {
            Name = c.Name, Image = c.Image, ImageID = ImageId(c.Image), ContainerID = ContainerId(pod, c.Name), Ready = true, Started = false, RestartCount = 0,
            State = new ContainerState { Terminated = new ContainerStateTerminated { ExitCode = 0, Reason = "Completed", StartedAt = at, FinishedAt = at, ContainerID = ContainerId(pod, c.Name) } },
        })]
        : null;

    private static List<PodCondition> Conditions(DateTimeOffset now, DateTimeOffset initializedSince, DateTimeOffset? readySince, string reason = "ContainersNotReady")
    {
        var ready = readySince is not null;
        return
        [
            new PodCondition { Type = "PodReadyToStartContainers", Status = "True", LastTransitionTime = initializedSince },
            new PodCondition { Type = "Initialized", Status = "True", LastTransitionTime = initializedSince },
            new PodCondition { Type = "Ready", Status = ready ? "True" : "False", LastTransitionTime = readySince ?? now, Reason = ready ? null : reason },
            new PodCondition { Type = "ContainersReady", Status = ready ? "True" : "False", LastTransitionTime = readySince ?? now, Reason = ready ? null : reason },
            new PodCondition { Type = "PodScheduled", Status = "True", LastTransitionTime = initializedSince },
        ];
    }

    private static string ImageId(string? image) => $"hollow://{image}";

    private static string ContainerId(Pod pod, string? container) => $"hollow://{pod.Metadata?.Uid}/{container}";
}
