namespace Cluster.ApiServer.Http;

/// <summary>
/// Bounds the requests being served at once (upstream's max-requests-inflight); long-running watches are not
/// counted. Beyond the bound a request is refused at once with 429 and Retry-After rather than queued.
/// </summary>
public sealed class InflightLimiter(int limit)
{
    private int _current;

    public int Current => Volatile.Read(ref _current);

    public int Limit => limit;

    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _current) <= limit) return true;
        Interlocked.Decrement(ref _current);
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _current);
}
