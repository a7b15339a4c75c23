using System.Diagnostics;

namespace Cluster.Store.Bench;

/// <summary>Durable puts of 1 KiB values from N concurrent writers for a fixed time: throughput and latency.</summary>
internal static class PutLoad
{
    public static async Task<(double PerSecond, double P99Ms)> RunAsync(IKeyValueStore store, int writers, TimeSpan duration, string prefix)
    {
        var value = new byte[1024];
        Random.Shared.NextBytes(value);
        var latencies = new List<double>[writers];
        var stop = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = new List<double>(4096);
            var key = 0;
            while (stop.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                await store.PutAsync(new PutRequest(System.Text.Encoding.ASCII.GetBytes($"{prefix}/w{w}/{key++ % 100}"), value));
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        var elapsed = stop.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).ToList();
        return (all.Count / elapsed, Stats.Percentile(all, 99));
    }
}
