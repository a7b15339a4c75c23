using System.Globalization;
using System.Text;
using System.Text.Json;
using Cluster.Store;
using Cluster.Store.Bench;
using Cluster.TestKit;

if (args.Length == 2 && args[0] == RestartProbe.ProbeFlag) return await RestartProbe.ProbeAsync(args[1]);

var options = BenchOptions.Parse(args);
var samples = new Dictionary<string, List<double>>();
void Add(string metric, double value) => (samples.TryGetValue(metric, out var l) ? l : samples[metric] = []).Add(value);

for (var run = 1; run <= options.Runs; run++)
{
    foreach (var engine in new[] { Engine.Embedded(), Engine.Etcd() })
    {
        Console.Error.WriteLine($"run {run}/{options.Runs}: {engine.Name}");
        var (store, resources) = await engine.StartAsync();
        await using (resources)
        {
            foreach (var writers in new[] { 1, 16, 256 })
            {
                var (perSecond, p99) = await PutLoad.RunAsync(store, writers, options.Duration, $"/bench/put{writers}");
                Add($"{engine.Name}_put_per_s_w{writers}", perSecond);
                Add($"{engine.Name}_put_p99_ms_w{writers}", p99);
                Console.Error.WriteLine($"  puts w{writers}: {perSecond:N0}/s, {PutLoad.LastDistribution}");
                await CompactAsync(store);
            }
            await GetLoad.PrepareAsync(store, "/bench/get");
            await CompactAsync(store);
            Add($"{engine.Name}_get_per_s", await GetLoad.RunAsync(store, 16, options.Duration, "/bench/get"));
            Add($"{engine.Name}_watch_events_per_s", await WatchLoad.RunAsync(store, 100, options.WatchEvents, 64, "/bench/watch"));
        }
    }
}

using (var dir = new TempDirectory("bench-restart"))
{
    Console.Error.WriteLine($"restart: filling {options.RestartKeys} keys");
    await RestartProbe.FillAsync(dir.Path, options.RestartKeys);
    for (var run = 1; run <= options.Runs; run++)
    {
        var (seconds, rss) = await RestartProbe.MeasureAsync(dir.Path, options.RestartKeys);
        Add("embedded_restart_s_1m_keys", seconds);
        Add("embedded_peak_rss_mb_1m_keys", rss);
    }
}

var medians = samples.ToDictionary(kv => kv.Key, kv => Stats.Median(kv.Value));
medians["put_ratio_w1"] = medians["embedded_put_per_s_w1"] / medians["etcd_put_per_s_w1"];
medians["put_ratio_w16"] = medians["embedded_put_per_s_w16"] / medians["etcd_put_per_s_w16"];
medians["put_ratio_w256"] = medians["embedded_put_per_s_w256"] / medians["etcd_put_per_s_w256"];
medians["get_ratio"] = medians["embedded_get_per_s"] / medians["etcd_get_per_s"];
medians["watch_ratio"] = medians["embedded_watch_events_per_s"] / medians["etcd_watch_events_per_s"];

Console.WriteLine(ResultTable.Render(medians, samples, options));
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Out))!);
var json = new StringBuilder("{\n");
json.AppendJoin(",\n", medians.OrderBy(kv => kv.Key, StringComparer.Ordinal)
    .Select(kv => string.Create(CultureInfo.InvariantCulture, $"  {JsonSerializer.Serialize(kv.Key, BenchJson.Default.String)}: {Math.Round(kv.Value, 3)}")));
json.Append("\n}\n");
await File.WriteAllTextAsync(options.Out, json.ToString());
Console.WriteLine($"wrote {options.Out}");
return 0;

// Between loads, as an API server does every few minutes, so each load starts from a compacted history.
static async Task CompactAsync(IKeyValueStore store)
{
    var revision = (await store.RangeAsync(new RangeRequest("/bench/"u8.ToArray()))).Revision;
    await store.CompactAsync(revision);
}
