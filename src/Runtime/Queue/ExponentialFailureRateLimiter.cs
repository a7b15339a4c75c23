namespace Cluster.Runtime.Queue;

/// <summary>
/// Per-item exponential backoff: <c>baseDelay * 2^failures</c>, capped at <c>maxDelay</c> (upstream's defaults:
/// 5 ms doubling up to 1000 s). Forgetting an item starts it over.
/// </summary>
public sealed class ExponentialFailureRateLimiter<T>(TimeSpan baseDelay, TimeSpan maxDelay) : IRateLimiter<T> where T : notnull
{
    private readonly Lock _lock = new(); // guards _failures
    private readonly Dictionary<T, int> _failures = [];

    public static ExponentialFailureRateLimiter<T> Default() => new(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));

    public TimeSpan When(T item)
    {
        int exponent;
        lock (_lock)
        {
            exponent = _failures.GetValueOrDefault(item);
            _failures[item] = exponent + 1;
        }
        var delay = baseDelay.Ticks * Math.Pow(2, exponent); // a double, so a large exponent cannot overflow
        return delay >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)delay);
    }

    public void Forget(T item)
    {
        lock (_lock) _failures.Remove(item);
    }

    public int NumRequeues(T item)
    {
        lock (_lock) return _failures.GetValueOrDefault(item);
    }
}
