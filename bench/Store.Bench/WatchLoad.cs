using System.Diagnostics;
using System.Text;

namespace Cluster.Store.Bench;

/// <summary>
/// 100 watchers on one prefix while concurrent writers stream puts into it: events delivered per second, summed
/// over watchers, from the first write until every watcher has seen every event.
/// </summary>
internal static class WatchLoad
{
    public static async Task<double> RunAsync(IKeyValueStore store, int watchers, int events, int writers, string prefix)
    {
        events = events / writers * writers;
        var start = (await store.RangeAsync(new RangeRequest(Encoding.ASCII.GetBytes(prefix)))).Revision + 1;
        var prefixBytes = Encoding.ASCII.GetBytes(prefix + "/");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var received = new long[watchers];
        var readers = Enumerable.Range(0, watchers).Select(w => Task.Run(async () =>
        {
            await foreach (var batch in store.Watch(WatchRequest.Prefix(prefixBytes, start)).WithCancellation(cancel.Token))
            {
                received[w] += batch.Events.Count;
                if (received[w] >= events) return;
            }
        })).ToArray();

        var value = new byte[128];
        var stopwatch = Stopwatch.StartNew();
        var perWriter = events / writers;
        var writing = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < perWriter; i++)
                await store.PutAsync(new PutRequest(Encoding.ASCII.GetBytes($"{prefix}/w{w}/{i % 100}"), value));
        })).ToArray();
        await Task.WhenAll(writing);
        await Task.WhenAll(readers);
        var elapsed = stopwatch.Elapsed.TotalSeconds;
        return received.Sum() / elapsed;
    }
}
