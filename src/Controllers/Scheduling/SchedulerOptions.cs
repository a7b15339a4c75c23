using Cluster.Runtime.Leader;

namespace Cluster.Controllers.Scheduling;

/// <summary>Settings of the scheduler, as <c>kube-scheduler</c>'s flags and configuration carry them.</summary>
public sealed record SchedulerOptions
{
    public const string DefaultSchedulerName = "default-scheduler";

    /// <summary>Pods whose spec.schedulerName is this are scheduled here; others are left to their scheduler.</summary>
    public string SchedulerName { get; init; } = DefaultSchedulerName;

    /// <summary>When set, the scheduler works only while this process holds the Lease <c>kube-system/kube-scheduler</c>.</summary>
    public LeaderElectionOptions? LeaderElection { get; init; }

    /// <summary>
    /// Dominant Resource Fairness among namespaces whose pods wait at equal priority (the next pod comes from the
    /// namespace holding the smallest share of the cluster); off gives upstream's priority-then-age order.
    /// </summary>
    public bool Fairness { get; init; } = true;

    /// <summary>Percentage of feasible nodes to find before scoring; 0 for upstream's adaptive percentage.</summary>
    public int PercentageOfNodesToScore { get; init; }

    /// <summary>Score plugin weights by plugin name, over upstream's defaults (0 turns a score plugin off).</summary>
    public IReadOnlyDictionary<string, int>? ScoreWeights { get; init; }

    /// <summary>Bindings in flight at once; the next pod is scheduled while earlier ones bind.</summary>
    public int BindConcurrency { get; init; } = 64;
}
