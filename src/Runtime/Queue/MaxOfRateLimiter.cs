namespace Cluster.Runtime.Queue;

/// <summary>The longest delay any of several limiters asks for; each of them counts the retry.</summary>
public sealed class MaxOfRateLimiter<T>(params IRateLimiter<T>[] limiters) : IRateLimiter<T> where T : notnull
{
    public TimeSpan When(T item)
    {
        var longest = TimeSpan.Zero;
        foreach (var limiter in limiters)
        {
            var delay = limiter.When(item);
            if (delay > longest) longest = delay;
        }
        return longest;
    }

    public void Forget(T item)
    {
        foreach (var limiter in limiters) limiter.Forget(item);
    }

    public int NumRequeues(T item) => limiters.Max(l => l.NumRequeues(item));
}
