namespace Cluster.Runtime.Queue;

/// <summary>
/// The longest delay any of several limiters asks for; each of them counts the retry, <see cref="Forget"/> reaches
/// all of them and <see cref="NumRequeues"/> is the largest count. Thread-safe if they are.
/// </summary>
public sealed class MaxOfRateLimiter<T> : IRateLimiter<T> where T : notnull
{
    private readonly IRateLimiter<T>[] _limiters;

    public MaxOfRateLimiter(params IRateLimiter<T>[] limiters)
    {
        ArgumentOutOfRangeException.ThrowIfZero(limiters.Length);
        _limiters = [.. limiters];
    }

    public TimeSpan When(T item)
    {
        var longest = TimeSpan.Zero;
        foreach (var limiter in _limiters)
        {
            var delay = limiter.When(item);
            if (delay > longest) longest = delay;
        }
        return longest;
    }

    public void Forget(T item)
    {
        foreach (var limiter in _limiters) limiter.Forget(item);
    }

    public int NumRequeues(T item) => _limiters.Max(l => l.NumRequeues(item));
}
