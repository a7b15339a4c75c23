using Cluster.Api.Core.V1;

namespace Cluster.Controllers.Common;

/// <summary>Pod state as the workload controllers read it (upstream's podutil).</summary>
public static class PodConditions
{
    public static PodCondition? Ready(Pod pod) => pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");

    public static bool IsReady(Pod pod) => Ready(pod)?.Status == "True";

    /// <summary>Ready for at least <paramref name="minReadySeconds"/> at <paramref name="now"/>.</summary>
    public static bool IsAvailable(Pod pod, int minReadySeconds, DateTimeOffset now)
    {
        var ready = Ready(pod);
        if (ready?.Status != "True") return false;
        if (minReadySeconds == 0) return true;
        return ready.LastTransitionTime is { } since && since.AddSeconds(minReadySeconds) <= now;
    }

    /// <summary>Not finished and not being deleted: what counts toward a controller's replicas.</summary>
    public static bool IsActive(Pod pod) =>
        pod.Status?.Phase is not ("Succeeded" or "Failed") && pod.Metadata?.DeletionTimestamp is null;

    public static int RestartCount(Pod pod) => pod.Status?.ContainerStatuses?.Sum(c => c.RestartCount ?? 0) ?? 0;
}
