using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Cluster.Store.Bench;

namespace Cluster.ApiServer.Bench;

/// <summary>
/// Many watchers on pods while pods are updated at a fixed rate: for every event a watcher receives, the time
/// from the update's acknowledgement (its response reaching the writer) to the event's arrival. The p99 of that.
/// Each watcher has its own keep-alive connection, as a thousand kubelets or kubectl processes would have.
/// </summary>
internal static class WatchFanout
{
    public static async Task<double> RunAsync(Target target, int watchers, int updatesPerSecond, TimeSpan duration)
    {
        using var http = target.Http1(64);
        const string ns = "bench-watch";
        using (await http.PostAsync(new Uri("/api/v1/namespaces", UriKind.Relative), Objects.Namespace(ns))) { }
        const int pods = 100;
        await RequestLoad.CreateManyAsync(http, 16, pods, $"/api/v1/namespaces/{ns}/pods", Objects.Pod, "p");
        using var list = await http.GetAsync(new Uri($"/api/v1/namespaces/{ns}/pods?limit=1", UriKind.Relative));
        var listRv = ResourceVersionOf(Encoding.UTF8.GetBytes(await list.Content.ReadAsStringAsync()));

        var acked = new ConcurrentDictionary<long, long>(); // resourceVersion -> timestamp of the write's acknowledgement
        var received = new EventLog[watchers];
        using var stop = new CancellationTokenSource();
        var connected = 0;
        var readers = Enumerable.Range(0, watchers).Select(w => Task.Run(async () =>
        {
            var mine = received[w] = new EventLog(updatesPerSecond * (int)duration.TotalSeconds + 1024);
            await using var connection = await target.OpenLeanAsync();
            await connection.StreamLinesAsync($"/api/v1/namespaces/{ns}/pods?watch=true&resourceVersion={listRv}",
                (line, at) => mine.Add(ResourceVersionOf(line), at), () => Interlocked.Increment(ref connected), stop.Token);
        })).ToArray();

        var wait = Stopwatch.StartNew();
        while (Volatile.Read(ref connected) < watchers && wait.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(50);
        Console.Error.WriteLine($"  {connected} watchers connected in {wait.Elapsed.TotalSeconds:F1}s");

        var total = (int)(updatesPerSecond * duration.TotalSeconds);
        var interval = Stopwatch.Frequency / (double)updatesPerSecond;
        var begin = Stopwatch.GetTimestamp();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) is var i && i < total)
            {
                var due = begin + (long)(i * interval);
                var early = due - Stopwatch.GetTimestamp();
                if (early > 0) await Task.Delay(TimeSpan.FromSeconds(early / (double)Stopwatch.Frequency));
                using var patch = new HttpRequestMessage(HttpMethod.Patch, new Uri($"/api/v1/namespaces/{ns}/pods/p{i % pods}", UriKind.Relative))
                {
                    Content = new StringContent("{\"metadata\":{\"labels\":{\"tick\":\"" + i.ToString(CultureInfo.InvariantCulture) + "\"}}}", Encoding.UTF8, "application/merge-patch+json"),
                };
                using var response = await http.SendAsync(patch);
                var at = Stopwatch.GetTimestamp();
                var body = await response.Content.ReadAsByteArrayAsync();
                acked[ResourceVersionOf(body)] = at;
            }
        })));
        // Let the last events arrive, then stop everyone.
        var drain = Stopwatch.StartNew();
        while (drain.Elapsed < TimeSpan.FromSeconds(10) && received.Any(r => r.Count < acked.Count)) await Task.Delay(100);
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        var latencies = new List<double>();
        long missing = 0;
        foreach (var mine in received)
        {
            var seen = 0;
            for (var i = 0; i < mine.Count; i++)
            {
                var (rv, at) = mine[i];
                if (!acked.TryGetValue(rv, out var ack)) continue;
                seen++;
                latencies.Add(Math.Max(0, at - ack) * 1000.0 / Stopwatch.Frequency);
            }
            missing += acked.Count - seen;
        }
        Console.Error.WriteLine($"  {acked.Count} updates, {latencies.Count} events received, {missing} missing; p50 {Stats.Percentile(latencies, 50):F1} ms, p99 {Stats.Percentile(latencies, 99):F1} ms, max {Stats.Percentile(latencies, 100):F1} ms");
        return Stats.Percentile(latencies, 99);
    }

    /// <summary>The first <c>"resourceVersion":"N"</c> in a JSON text.</summary>
    private static long ResourceVersionOf(ReadOnlySpan<byte> json)
    {
        var key = "\"resourceVersion\":\""u8;
        var at = json.IndexOf(key);
        if (at < 0) return -1;
        return Utf8Parser.TryParse(json[(at + key.Length)..], out long rv, out _) ? rv : -1;
    }

    /// <summary>One watcher's received events (resource version, arrival timestamp), written by its reader alone.</summary>
    private sealed class EventLog(int capacity)
    {
        private (long Rv, long At)[] _events = new (long, long)[capacity];
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public (long Rv, long At) this[int i] => _events[i];

        public void Add(long rv, long at)
        {
            if (_count == _events.Length) Array.Resize(ref _events, _events.Length * 2);
            _events[_count] = (rv, at);
            Volatile.Write(ref _count, _count + 1);
        }
    }
}
