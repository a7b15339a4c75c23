namespace Cluster.Controllers.Scheduling.Queue;

/// <summary>
/// Per-pod exponential backoff: <see cref="Initial"/> after the first attempt, doubling with each further attempt,
/// capped at <see cref="Max"/> (upstream's podInitialBackoffDuration / podMaxBackoffDuration, defaults 1 s and 10 s).
/// </summary>
public readonly record struct BackoffPolicy(TimeSpan Initial, TimeSpan Max)
{
    public static BackoffPolicy Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

    /// <summary>The backoff after <paramref name="attempts"/> scheduling attempts (attempts below 1 count as 1).</summary>
    public TimeSpan Duration(int attempts)
    {
        var duration = Initial;
        for (var i = 1; i < attempts; i++)
        {
            // Compared by subtraction so doubling can never overflow.
            if (duration > Max - duration) return Max;
            duration += duration;
        }
        return duration > Max ? Max : duration;
    }
}
