using Cluster.Api.Core.V1;

namespace Cluster.Controllers.Scheduling.Preemption;

/// <summary>
/// Upstream's MoreImportantPod order for victims: higher spec.priority first, then the pod running longest (earlier
/// status.startTime). A pod without a start time counts as starting last, as upstream reads it as "now".
/// </summary>
public static class PodImportance
{
    /// <summary>Sorts most important first: the order in which victims are reprieved.</summary>
    public static IComparer<Pod> MostImportantFirst { get; } = Comparer<Pod>.Create(static (a, b) =>
    {
        var byPriority = PriorityOf(b).CompareTo(PriorityOf(a));
        return byPriority != 0 ? byPriority : StartTimeOf(a).CompareTo(StartTimeOf(b));
    });

    public static int PriorityOf(Pod pod) => pod.Spec?.Priority ?? 0;

    public static DateTimeOffset StartTimeOf(Pod pod) => pod.Status?.StartTime ?? DateTimeOffset.MaxValue;

    /// <summary>The earliest start time among the highest-priority pods of <paramref name="victims"/> (upstream's GetEarliestPodStartTime).</summary>
    public static DateTimeOffset EarliestStartOfHighestPriority(IReadOnlyList<Pod> victims)
    {
        var highest = int.MinValue;
        var earliest = DateTimeOffset.MaxValue;
        foreach (var pod in victims)
        {
            var priority = PriorityOf(pod);
            if (priority > highest)
            {
                highest = priority;
                earliest = StartTimeOf(pod);
            }
            else if (priority == highest && StartTimeOf(pod) < earliest)
            {
                earliest = StartTimeOf(pod);
            }
        }
        return earliest;
    }
}
