namespace Cluster.Controllers.Bench;

/// <summary>N calls spread over a fixed number of concurrent callers.</summary>
internal static class Load
{
    public static async Task RunAsync<T>(int count, int concurrency, Func<int, Task<T>> call)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count) await call(i);
        }));
    }
}
