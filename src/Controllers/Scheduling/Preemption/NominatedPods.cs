using Cluster.Api.Core.V1;
using Cluster.Controllers.Scheduling.Framework;
using Cluster.Runtime;

namespace Cluster.Controllers.Scheduling.Preemption;

/// <summary>
/// Pods nominated to a node (waiting there for their victims to go) as the filters must see them, after upstream's
/// addNominatedPods: a pod being filtered must leave room for every nominated pod of at least its priority, so those
/// count on the node; lower-priority nominations do not hold it back.
/// </summary>
public static class NominatedPods
{
    /// <summary>
    /// Adds to <paramref name="clone"/> (a copy; never a snapshot's or the cache's own NodeInfo) each of
    /// <paramref name="nominated"/> with priority at least <paramref name="pod"/>'s, other than <paramref name="pod"/>
    /// itself. True when any was added, i.e. when the filters must run twice: with them, then without.
    /// </summary>
    public static bool AddTo(NodeInfo clone, IReadOnlyList<Pod> nominated, PodInfo pod)
    {
        ArgumentNullException.ThrowIfNull(clone);
        ArgumentNullException.ThrowIfNull(nominated);
        ArgumentNullException.ThrowIfNull(pod);
        var added = false;
        foreach (var other in nominated)
        {
            if (!Counts(other, pod)) continue;
            clone.AddPod(PodInfo.Of(other));
            added = true;
        }
        return added;
    }

    /// <summary>Whether any of <paramref name="nominated"/> would be added for <paramref name="pod"/> by <see cref="AddTo"/>.</summary>
    public static bool AnyCounts(IReadOnlyList<Pod> nominated, PodInfo pod) => nominated.Any(other => Counts(other, pod));

    /// <summary>
    /// The nominated pods of lower priority than <paramref name="preemptor"/> (upstream's getLowerPriorityNominatedPods):
    /// after a preemption on their node they may no longer fit there, so their nomination is cleared.
    /// </summary>
    public static IReadOnlyList<Pod> LowerPriority(IReadOnlyList<Pod> nominated, PodInfo preemptor) =>
        [.. nominated.Where(p => PodImportance.PriorityOf(p) < preemptor.Priority)];

    private static bool Counts(Pod other, PodInfo pod) =>
        PodImportance.PriorityOf(other) >= pod.Priority && (other.Metadata?.Uid ?? ObjectKey.Of(other).ToString()) != pod.Uid;
}
