using System.Diagnostics;

namespace Cluster.Store.Bench;

/// <summary>
/// Durable puts of 1 KiB values from N concurrent writers for a fixed time: throughput and latency. Each writer
/// cycles through its own 100 keys, so a load is mostly updates of existing keys, as an API server's is.
/// </summary>
internal static class PutLoad
{
    private const int KeysPerWriter = 100;

    /// <summary>The latency distribution of the last run, for diagnostics.</summary>
    public static string LastDistribution { get; private set; } = "";

    public static async Task<(double PerSecond, double P99Ms)> RunAsync(IKeyValueStore store, int writers, TimeSpan duration, string prefix)
    {
        var value = new byte[1024];
        Random.Shared.NextBytes(value);
        var latencies = new List<double>[writers];
        var stop = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = new List<double>(4096);
            var keys = Enumerable.Range(0, KeysPerWriter).Select(k => System.Text.Encoding.ASCII.GetBytes($"{prefix}/w{w}/{k}")).ToArray();
            var key = 0;
            while (stop.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                await store.PutAsync(new PutRequest(keys[key++ % KeysPerWriter], value));
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        var elapsed = stop.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).ToList();
        LastDistribution = string.Join(" ", new[] { 50.0, 90, 99, 99.9, 100 }.Select(p => $"p{p}={Stats.Percentile(all, p):F1}"));
        return (all.Count / elapsed, Stats.Percentile(all, 99));
    }
}
