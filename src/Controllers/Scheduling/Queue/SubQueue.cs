namespace Cluster.Controllers.Scheduling.Queue;

/// <summary>The three places a pending pod can wait in a <see cref="SchedulingQueue"/> (upstream's queue names).</summary>
public enum SubQueue
{
    /// <summary>Ready to be popped for a scheduling attempt.</summary>
    Active,

    /// <summary>Will become active when its backoff expires.</summary>
    Backoff,

    /// <summary>Tried and rejected (or gated); waits for a relevant cluster event or the unschedulable timeout.</summary>
    Unschedulable,
}
