using Cluster.Api.Core.V1;

namespace Cluster.Controllers.Common;

/// <summary>
/// Which pods a scale-down removes first, in upstream's order (ActivePodsWithRanks): unscheduled before scheduled;
/// Pending before Unknown before Running; not ready before ready; lower pod-deletion-cost first; pods doubled up on a
/// node with more of their siblings first; ready for a shorter time first; more restarts first; newer first.
/// Times compare on a logarithmic scale (upstream's LogarithmicScaleDown), so pods of similar age count as ties and
/// the next rule decides.
/// </summary>
public sealed class PodDeletionOrder(IReadOnlyDictionary<string, int> siblingsPerNode, DateTimeOffset now) : IComparer<Pod>
{
    public const string DeletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost";

    public int Compare(Pod? x, Pod? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var c = Assigned(x).CompareTo(Assigned(y));
        if (c != 0) return c;
        c = PhaseRank(x).CompareTo(PhaseRank(y));
        if (c != 0) return c;
        c = PodConditions.IsReady(x).CompareTo(PodConditions.IsReady(y));
        if (c != 0) return c;
        c = DeletionCost(x).CompareTo(DeletionCost(y));
        if (c != 0) return c;
        c = Siblings(y).CompareTo(Siblings(x)); // more doubled up first
        if (c != 0) return c;
        if (PodConditions.IsReady(x) && PodConditions.IsReady(y))
        {
            c = AgeBucket(PodConditions.Ready(x)?.LastTransitionTime).CompareTo(AgeBucket(PodConditions.Ready(y)?.LastTransitionTime));
            if (c != 0) return c;
        }
        c = PodConditions.RestartCount(y).CompareTo(PodConditions.RestartCount(x));
        if (c != 0) return c;
        c = AgeBucket(x.Metadata?.CreationTimestamp).CompareTo(AgeBucket(y.Metadata?.CreationTimestamp));
        if (c != 0) return c;
        return string.CompareOrdinal(x.Metadata?.Name, y.Metadata?.Name);
    }

    private static int Assigned(Pod pod) => string.IsNullOrEmpty(pod.Spec?.NodeName) ? 0 : 1;

    private static int PhaseRank(Pod pod) => pod.Status?.Phase switch
    {
        "Pending" => 0,
        "Unknown" => 1,
        "Running" => 2,
        _ => 0,
    };

    private static long DeletionCost(Pod pod) =>
        pod.Metadata?.Annotations?.TryGetValue(DeletionCostAnnotation, out var text) == true && int.TryParse(text, out var cost) ? cost : 0;

    private int Siblings(Pod pod) =>
        pod.Spec?.NodeName is { Length: > 0 } node && siblingsPerNode.TryGetValue(node, out var n) ? n : 0;

    /// <summary>floor(log2(age in seconds)): younger pods sort first, and pods within a factor of two of each other tie.</summary>
    private int AgeBucket(DateTimeOffset? since)
    {
        if (since is null) return int.MaxValue;
        var seconds = (now - since.Value).TotalSeconds;
        return seconds < 1 ? 0 : 1 + (int)Math.Floor(Math.Log2(seconds));
    }
}
