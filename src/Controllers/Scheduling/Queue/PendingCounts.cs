namespace Cluster.Controllers.Scheduling.Queue;

/// <summary>
/// How many pods wait in each sub-queue of a <see cref="SchedulingQueue"/> at one instant (for gauges such as
/// upstream's scheduler_pending_pods{queue}). <see cref="Gated"/> pods are in unschedulablePods but counted apart,
/// as upstream does; <see cref="Unschedulable"/> excludes them.
/// </summary>
public readonly record struct PendingCounts(int Active, int Backoff, int Unschedulable, int Gated)
{
    /// <summary>Every pod the queue holds (in-flight pods excluded).</summary>
    public int Total => Active + Backoff + Unschedulable + Gated;
}
