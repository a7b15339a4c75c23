namespace Cluster.Runtime.Queue;

/// <summary>
/// Per-item exponential backoff: the n-th retry since the item was last forgotten waits <c>baseDelay * 2^(n-1)</c>,
/// capped at <c>maxDelay</c> (upstream's defaults: 5 ms doubling up to 1000 s). Never overflows, however many
/// retries. Forgetting an item starts it over. Thread-safe.
/// </summary>
public sealed class ExponentialFailureRateLimiter<T> : IRateLimiter<T> where T : notnull
{
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;
    private readonly Lock _lock = new(); // guards _failures
    private readonly Dictionary<T, int> _failures = [];

    public ExponentialFailureRateLimiter(TimeSpan baseDelay, TimeSpan maxDelay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(baseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, baseDelay);
        _baseDelay = baseDelay;
        _maxDelay = maxDelay;
    }

    /// <summary>5 ms doubling up to 1000 s, as upstream's default controller limiter.</summary>
    public static ExponentialFailureRateLimiter<T> Default() => new(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));

    public TimeSpan When(T item)
    {
        int exponent;
        lock (_lock)
        {
            exponent = _failures.GetValueOrDefault(item);
            if (exponent < int.MaxValue) _failures[item] = exponent + 1;
        }
        // In doubles, and with the exponent bounded so a zero base stays 0 rather than 0 * infinity.
        var delay = _baseDelay.Ticks * Math.Pow(2, Math.Min(exponent, 1000));
        return delay >= _maxDelay.Ticks ? _maxDelay : TimeSpan.FromTicks((long)delay);
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
