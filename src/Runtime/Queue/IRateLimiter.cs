namespace Cluster.Runtime.Queue;

/// <summary>How long an item waits before it is retried. Implementations are thread-safe.</summary>
public interface IRateLimiter<in T> where T : notnull
{
    /// <summary>The delay for this retry of <paramref name="item"/>; each call counts as one retry.</summary>
    TimeSpan When(T item);

    /// <summary>The item succeeded: its failure history is dropped.</summary>
    void Forget(T item);

    /// <summary>How many times <see cref="When"/> was asked for the item since it was last forgotten.</summary>
    int NumRequeues(T item);
}
