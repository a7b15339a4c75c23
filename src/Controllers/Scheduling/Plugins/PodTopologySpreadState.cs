namespace Cluster.Controllers.Scheduling.Plugins;

/// <summary>PodTopologySpread's per-pod counts for DoNotSchedule constraints: matching pods per domain, the smallest per constraint.</summary>
internal sealed class PodTopologySpreadFilterState(SpreadConstraint[] constraints)
{
    public SpreadConstraint[] Constraints { get; } = constraints;
    public Dictionary<string, int>[] Counts { get; } = [.. constraints.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal))];
    public int[] MinCounts { get; } = new int[constraints.Length];
    public bool[] SelfMatches { get; } = new bool[constraints.Length];
}

/// <summary>
/// PodTopologySpread's scoring data for ScheduleAnyway constraints: matching pods per domain among the feasible nodes
/// (hostname counted per node), each constraint's weight log(domains + 2), and the feasible nodes lacking a key (by
/// name, and by position in the list PreScore was given, which is the order Normalize sees the scores in).
/// </summary>
internal sealed class PodTopologySpreadScoreState(SpreadConstraint[] constraints)
{
    public SpreadConstraint[] Constraints { get; } = constraints;
    public Dictionary<TopologyPair, long> Counts { get; } = [];
    public double[] Weights { get; } = new double[constraints.Length];
    public HashSet<string> Ignored { get; } = new(StringComparer.Ordinal);
    public bool[] IgnoredAt { get; set; } = [];
}
