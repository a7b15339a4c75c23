using Cluster.Api.Core.V1;

namespace Cluster.Kubelet.Pods;

/// <summary>
/// A pod's phase from its containers' statuses, by the kubelet's rules: Pending while an init container has not
/// succeeded (Failed when one failed and restartPolicy is Never) or an app container has not started; Running while one
/// runs (or all stopped and restartPolicy brings them back); Succeeded when all exited 0 and nothing restarts them;
/// Failed when all stopped, one in failure, and nothing restarts them. Sidecars (init containers with restartPolicy
/// Always) count as initialised once started and do not hold a finished pod in Running.
/// </summary>
public static class PodPhases
{
    public const string Pending = "Pending";
    public const string Running = "Running";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";

    public static string Of(PodSpec spec, IReadOnlyList<ContainerStatus>? initStatuses, IReadOnlyList<ContainerStatus>? statuses, bool podIsTerminal = false)
    {
        var restartPolicy = spec.RestartPolicy ?? "Always";
        int pendingInitialization = 0, failedInitialization = 0;
        foreach (var container in spec.InitContainers ?? [])
        {
            var status = initStatuses?.FirstOrDefault(s => s.Name == container.Name);
            if (IsSidecar(container))
            {
                if (status?.State?.Running is null || status.Started != true) pendingInitialization++;
                continue;
            }

            switch (status?.State)
            {
                case null:
                    pendingInitialization++;
                    break;
                case { Running: not null }:
                    pendingInitialization++;
                    break;
                case { Terminated: { } terminated }:
                    if (terminated.ExitCode != 0) failedInitialization++;
                    break;
                case { Waiting: not null }:
                    if (status.LastState?.Terminated is { } last)
                    {
                        if (last.ExitCode != 0) failedInitialization++;
                    }
                    else
                    {
                        pendingInitialization++;
                    }

                    break;
                default:
                    pendingInitialization++;
                    break;
            }
        }

        int unknown = 0, running = 0, waiting = 0, stopped = 0, succeeded = 0;
        foreach (var container in spec.Containers ?? [])
        {
            var status = statuses?.FirstOrDefault(s => s.Name == container.Name);
            switch (status?.State)
            {
                case { Running: not null }:
                    running++;
                    break;
                case { Terminated: { } terminated }:
                    stopped++;
                    if (terminated.ExitCode == 0) succeeded++;
                    break;
                case { Waiting: not null }:
                    if (status.LastState?.Terminated is not null) stopped++;
                    else waiting++;
                    break;
                default:
                    unknown++;
                    break;
            }
        }

        if (failedInitialization > 0 && restartPolicy == "Never") return Failed;
        if (pendingInitialization > 0 || waiting > 0) return Pending;
        if (running > 0 && unknown == 0) return Running;
        if (running == 0 && stopped > 0 && unknown == 0)
        {
            if (podIsTerminal) return stopped == succeeded ? Succeeded : Failed;
            if (restartPolicy == "Always") return Running;
            if (stopped == succeeded) return Succeeded;
            return restartPolicy == "Never" ? Failed : Running;
        }

        return Pending;
    }

    public static bool IsSidecar(Container container) => container.RestartPolicy == "Always";

    public static bool IsTerminal(string? phase) => phase is Succeeded or Failed;
}
