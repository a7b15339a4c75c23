namespace Cluster.Runtime.Queue;

/// <summary>
/// One bucket for all items: up to <c>burst</c> retries at once, then <c>qps</c> per second (upstream's default
/// controller limiter uses 10 qps, burst 100). Each call reserves a token and returns how long until it exists, so
/// calls beyond the burst are spaced 1/qps apart on the injected <see cref="TimeProvider"/>. Items are not told
/// apart: <see cref="Forget"/> does nothing and <see cref="NumRequeues"/> is 0. Thread-safe.
/// </summary>
public sealed class TokenBucketRateLimiter<T> : IRateLimiter<T> where T : notnull
{
    private readonly double _qps;
    private readonly int _burst;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new(); // guards _tokens and _at
    private double _tokens;
    private long _at;

    public TokenBucketRateLimiter(double qps, int burst, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(qps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        _qps = qps;
        _burst = burst;
        _time = time ?? TimeProvider.System;
        _tokens = burst;
        _at = _time.GetTimestamp();
    }

    public TimeSpan When(T item)
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            _tokens = Math.Min(_burst, _tokens + (_time.GetElapsedTime(_at, now).TotalSeconds * _qps));
            _at = now;
            _tokens -= 1;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _qps);
        }
    }

    public void Forget(T item)
    {
    }

    public int NumRequeues(T item) => 0;
}
