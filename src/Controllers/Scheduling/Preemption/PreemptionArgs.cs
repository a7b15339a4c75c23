namespace Cluster.Controllers.Scheduling.Preemption;

/// <summary>
/// Upstream's DefaultPreemptionArgs: preemption dry-runs at least <see cref="MinCandidateNodesPercentage"/> percent
/// of the nodes where it might help and at least <see cref="MinCandidateNodesAbsolute"/> of them (all, when fewer),
/// stopping once it has that many candidates and one of them breaks no PodDisruptionBudget.
/// </summary>
public sealed record PreemptionArgs
{
    public int MinCandidateNodesPercentage { get; init; } = 10;

    public int MinCandidateNodesAbsolute { get; init; } = 100;

    /// <summary>How many candidates to look for among <paramref name="numNodes"/> potential nodes (upstream's calculateNumCandidates).</summary>
    public int NumCandidates(int numNodes)
    {
        var n = (int)((long)numNodes * MinCandidateNodesPercentage / 100);
        if (n < MinCandidateNodesAbsolute) n = MinCandidateNodesAbsolute;
        return Math.Min(n, numNodes);
    }
}
