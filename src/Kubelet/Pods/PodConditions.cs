using Cluster.Api.Core.V1;

namespace Cluster.Kubelet.Pods;

/// <summary>
/// The pod conditions the kubelet owns (PodReadyToStartContainers, Initialized, ContainersReady, Ready) with its
/// reasons and messages; conditions others own (PodScheduled, DisruptionTarget, readiness gates) are kept as they are.
/// A condition keeps its lastTransitionTime while its status holds.
/// </summary>
public static class PodConditions
{
    private static readonly HashSet<string> Owned = new(StringComparer.Ordinal) { "PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready" };

    public static IReadOnlyList<PodCondition> Compute(
        Pod pod, bool sandboxReady, IReadOnlyList<ContainerStatus>? initStatuses, IReadOnlyList<ContainerStatus>? statuses, string phase, DateTimeOffset now)
    {
        var spec = pod.Spec ?? new PodSpec();
        var previous = pod.Status?.Conditions ?? [];
        var kept = previous.Where(c => c.Type is not null && !Owned.Contains(c.Type)).ToList();

        var terminal = PodPhases.IsTerminal(phase);
        var notInitialized = (spec.InitContainers ?? [])
            .Where(c => !IsInitialized(c, initStatuses?.FirstOrDefault(s => s.Name == c.Name)))
            .Select(c => c.Name ?? "").ToList();
        var notReady = (spec.Containers ?? [])
            .Where(c => statuses?.FirstOrDefault(s => s.Name == c.Name)?.Ready != true)
            .Select(c => c.Name ?? "").ToList();
        var gatesNotReady = (spec.ReadinessGates ?? [])
            .Where(g => previous.FirstOrDefault(c => c.Type == g.ConditionType)?.Status != "True")
            .Select(g => g.ConditionType ?? "").ToList();

        var initialized = notInitialized.Count == 0 || phase is PodPhases.Running or PodPhases.Succeeded
            ? Condition(previous, "Initialized", true, null, null, now)
            : Condition(previous, "Initialized", false, "ContainersNotInitialized", $"containers with incomplete status: [{string.Join(' ', notInitialized)}]", now);
        var containersReady = terminal
            ? Condition(previous, "ContainersReady", false, "PodCompleted", null, now)
            : notReady.Count == 0
                ? Condition(previous, "ContainersReady", true, null, null, now)
                : Condition(previous, "ContainersReady", false, "ContainersNotReady", $"containers with unready status: [{string.Join(' ', notReady)}]", now);
        var ready = terminal
            ? Condition(previous, "Ready", false, "PodCompleted", null, now)
            : notReady.Count > 0
                ? Condition(previous, "Ready", false, "ContainersNotReady", $"containers with unready status: [{string.Join(' ', notReady)}]", now)
                : gatesNotReady.Count > 0
                    ? Condition(previous, "Ready", false, "ReadinessGatesNotReady", $"corresponding condition of pod readiness gate \"{gatesNotReady[0]}\" does not exist.", now)
                    : Condition(previous, "Ready", true, null, null, now);
        return
        [
            .. kept.Where(c => c.Type == "PodScheduled"),
            Condition(previous, "PodReadyToStartContainers", sandboxReady, null, null, now),
            initialized,
            containersReady,
            ready,
            .. kept.Where(c => c.Type != "PodScheduled"),
        ];
    }

    private static bool IsInitialized(Container container, ContainerStatus? status) =>
        PodPhases.IsSidecar(container) ? status?.Started == true : status?.State?.Terminated?.ExitCode == 0;

    private static PodCondition Condition(IReadOnlyList<PodCondition> previous, string type, bool status, string? reason, string? message, DateTimeOffset now)
    {
        var value = status ? "True" : "False";
        var before = previous.FirstOrDefault(c => c.Type == type);
        return new PodCondition
        {
            Type = type,
            Status = value,
            Reason = reason,
            Message = message,
            LastTransitionTime = before?.Status == value && before.LastTransitionTime is { } since ? since : now,
        };
    }
}
