using Cluster.Api.Core.V1;

namespace Cluster.Kubelet.Nodes;

/// <summary>
/// The node conditions the kubelet posts (Ready, MemoryPressure, DiskPressure, PIDPressure), with its reasons and
/// messages, from one set of readings against the hard eviction thresholds. A condition keeps its
/// lastTransitionTime while its status stays the same; lastHeartbeatTime is always now.
/// </summary>
public static class NodeConditions
{
    public static IReadOnlyList<NodeCondition> Compute(
        NodeReadings readings, EvictionThresholds thresholds, string? runtimeProblem, IReadOnlyList<NodeCondition>? previous, DateTimeOffset now)
    {
        var memory = readings.MemoryAvailableBytes < thresholds.MemoryAvailableBytes;
        var disk = readings.DataFilesystem.TotalBytes > 0
            && readings.DataFilesystem.AvailableBytes < readings.DataFilesystem.TotalBytes * thresholds.DiskAvailableFraction;
        var pids = readings.PidMax > 0 && readings.PidMax - readings.Processes < readings.PidMax * thresholds.PidAvailableFraction;
        return
        [
            Condition(previous, now, "MemoryPressure", memory,
                memory ? ("KubeletHasInsufficientMemory", "kubelet has insufficient memory available") : ("KubeletHasSufficientMemory", "kubelet has sufficient memory available")),
            Condition(previous, now, "DiskPressure", disk,
                disk ? ("KubeletHasDiskPressure", "kubelet has disk pressure") : ("KubeletHasNoDiskPressure", "kubelet has no disk pressure")),
            Condition(previous, now, "PIDPressure", pids,
                pids ? ("KubeletHasInsufficientPID", "kubelet has insufficient PID available") : ("KubeletHasSufficientPID", "kubelet has sufficient PID available")),
            Condition(previous, now, "Ready", runtimeProblem is null,
                runtimeProblem is null ? ("KubeletReady", "kubelet is posting ready status") : ("KubeletNotReady", runtimeProblem)),
        ];
    }

    /// <summary>True when the conditions differ in anything but their heartbeat times (a change to post at once).</summary>
    public static bool Changed(IReadOnlyList<NodeCondition>? before, IReadOnlyList<NodeCondition> after) =>
        before is null || before.Count != after.Count || after.Any(a => before.FirstOrDefault(b => b.Type == a.Type) is not { } b
            || b.Status != a.Status || b.Reason != a.Reason || b.Message != a.Message);

    private static NodeCondition Condition(IReadOnlyList<NodeCondition>? previous, DateTimeOffset now, string type, bool status, (string Reason, string Message) why)
    {
        var value = status ? "True" : "False";
        var before = previous?.FirstOrDefault(c => c.Type == type);
        return new NodeCondition
        {
            Type = type,
            Status = value,
            Reason = why.Reason,
            Message = why.Message,
            LastHeartbeatTime = now,
            LastTransitionTime = before?.Status == value && before.LastTransitionTime is { } since ? since : now,
        };
    }
}
