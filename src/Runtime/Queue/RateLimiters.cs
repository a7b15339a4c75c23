namespace Cluster.Runtime.Queue;

/// <summary>Ready-made limiters.</summary>
public static class RateLimiters
{
    /// <summary>
    /// Upstream's default for controllers: the larger of per-item exponential backoff (5 ms doubling to 1000 s) and
    /// an overall bucket of 10 retries per second with a burst of 100.
    /// </summary>
    public static IRateLimiter<T> DefaultController<T>(TimeProvider? time = null) where T : notnull =>
        new MaxOfRateLimiter<T>(ExponentialFailureRateLimiter<T>.Default(), new TokenBucketRateLimiter<T>(10, 100, time));
}
