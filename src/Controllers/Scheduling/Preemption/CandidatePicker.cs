namespace Cluster.Controllers.Scheduling.Preemption;

/// <summary>
/// Upstream's pickOneNodeForPreemption: among candidates, keep those best by each criterion in turn until one is
/// left: fewest PodDisruptionBudget violations; lowest highest-victim priority; smallest sum of victim priorities
/// (each shifted by 2^31 so that more negative-priority victims never look cheaper); fewest victims; latest
/// earliest start time among the highest-priority victims; then the first in the given order.
/// </summary>
public static class CandidatePicker
{
    private static readonly Func<Candidate, long>[] Criteria =
    [
        c => -c.NumPdbViolations,
        c => -(long)HighestPriority(c),
        c => -c.Victims.Sum(v => PodImportance.PriorityOf(v) + (long)int.MaxValue + 1),
        c => -c.Victims.Count,
        c => PodImportance.EarliestStartOfHighestPriority(c.Victims).UtcTicks,
    ];

    /// <summary>The chosen candidate; null only when there are none. Victims in each candidate are most important first.</summary>
    public static Candidate? Pick(IReadOnlyList<Candidate> candidates)
    {
        if (candidates.Count <= 1) return candidates.Count == 0 ? null : candidates[0];
        IReadOnlyList<Candidate> remaining = candidates;
        foreach (var score in Criteria)
        {
            var best = long.MinValue;
            var kept = new List<Candidate>();
            foreach (var candidate in remaining)
            {
                var value = score(candidate);
                if (value > best)
                {
                    best = value;
                    kept.Clear();
                }
                if (value == best) kept.Add(candidate);
            }
            if (kept.Count == 1) return kept[0];
            remaining = kept;
        }
        return remaining[0];
    }

    private static int HighestPriority(Candidate candidate) =>
        candidate.Victims.Count == 0 ? int.MinValue : candidate.Victims.Max(PodImportance.PriorityOf);
}
