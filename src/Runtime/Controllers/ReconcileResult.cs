namespace Cluster.Runtime.Controllers;

/// <summary>What a reconcile asks for next: nothing, a look again after some time, or a rate-limited retry.</summary>
public readonly record struct ReconcileResult(TimeSpan? RequeueAfter = null, bool Requeue = false)
{
    /// <summary>Done until the object (or something mapped to it) changes.</summary>
    public static ReconcileResult Done => default;

    /// <summary>Look again after <paramref name="delay"/> (waiting on time, e.g. a progress deadline); backoff is reset.</summary>
    public static ReconcileResult After(TimeSpan delay) => new(delay);

    /// <summary>Try again with the rate limiter's backoff, without an error (e.g. waiting on something not watched).</summary>
    public static ReconcileResult Retry => new(null, true);
}
