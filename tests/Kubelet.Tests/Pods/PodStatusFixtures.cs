using Cluster.Api.Core.V1;

namespace Cluster.Kubelet.Tests.Pods;

/// <summary>Container statuses in each state, for the pod phase and condition tables.</summary>
internal static class PodStatusFixtures
{
    public static ContainerStatus Running(string name, bool ready = true, bool started = true) =>
        new() { Name = name, Ready = ready, Started = started, State = new ContainerState { Running = new ContainerStateRunning() } };

    public static ContainerStatus Exited(string name, int code) =>
        new() { Name = name, Ready = false, State = new ContainerState { Terminated = new ContainerStateTerminated { ExitCode = code } } };

    public static ContainerStatus Waiting(string name, int? lastExitCode = null) => new()
    {
        Name = name, Ready = false,
        State = new ContainerState { Waiting = new ContainerStateWaiting { Reason = lastExitCode is null ? "ContainerCreating" : "CrashLoopBackOff" } },
        LastState = lastExitCode is { } code ? new ContainerState { Terminated = new ContainerStateTerminated { ExitCode = code } } : null,
    };

    public static PodSpec Spec(string restartPolicy, string[] containers, string[]? inits = null, string[]? sidecars = null) => new()
    {
        RestartPolicy = restartPolicy,
        Containers = containers.Select(c => new Container { Name = c }).ToList(),
        InitContainers = (inits ?? []).Select(c => new Container { Name = c })
            .Concat((sidecars ?? []).Select(c => new Container { Name = c, RestartPolicy = "Always" })).ToList(),
    };
}
