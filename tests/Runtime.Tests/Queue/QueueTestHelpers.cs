using Cluster.Runtime.Queue;

namespace Cluster.Runtime.Tests.Queue;

/// <summary>Bounded helpers for the work queue tests: no test waits longer than <see cref="Bound"/>.</summary>
internal static class QueueTestHelpers
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>The next item, failing the test if the queue is shut down or nothing arrives in time.</summary>
    public static async Task<T> NextAsync<T>(this WorkQueue<T> queue) where T : notnull
    {
        using var cts = new CancellationTokenSource(Bound);
        var work = await queue.GetAsync(cts.Token);
        Assert.False(work.ShutDown);
        return work.Item;
    }

    /// <summary>Every item queued right now, in order, each marked done.</summary>
    public static async Task<List<T>> DrainQueuedAsync<T>(this WorkQueue<T> queue) where T : notnull
    {
        List<T> items = [];
        while (queue.Count > 0)
        {
            var item = await queue.NextAsync();
            items.Add(item);
            queue.Done(item);
        }
        return items;
    }
}
