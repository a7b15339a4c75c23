namespace Cluster.Bench;

/// <summary>N calls spread over a fixed number of concurrent callers.</summary>
internal static class ConcurrentLoad
{
    public static async Task<T[]> RunAsync<T>(int count, int concurrency, Func<int, Task<T>> call)
    {
        var results = new T[count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count) results[i] = await call(i);
        }));
        return results;
    }
}
