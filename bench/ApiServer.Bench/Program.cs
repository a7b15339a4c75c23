using System.Diagnostics;
using System.Globalization;
using System.Text;
using Cluster.ApiServer.Bench;
using Cluster.Store.Bench;

var options = BenchOptions.Parse(args);
var reported = 0;
var samples = new Dictionary<string, List<double>>();
void Add(string metric, double value)
{
    (samples.TryGetValue(metric, out var l) ? l : samples[metric] = []).Add(value);
    Console.Error.WriteLine($"  {metric} = {value:N1}");
}

for (var run = 1; run <= options.Runs; run++)
{
    Console.Error.WriteLine($"run {run}/{options.Runs}");
    Add("store_put_per_s_c64", await StorePutLoad.RunAsync(options.Clients, options.Duration));

    await using var target = await Target.StartAsync();
    using var http = target.Http1(options.Clients);
    foreach (var ns in (string[])["bench-create", "bench-list", "bench-rss"])
        using (await http.PostAsync(new Uri("/api/v1/namespaces", UriKind.Relative), Objects.Namespace(ns))) { }

    // Warm up connections and code paths, then measure creates and gets.
    await RequestLoad.RunAsync(options.Clients, TimeSpan.FromSeconds(1), async (c, i) =>
    {
        using var r = await http.PostAsync(new Uri("/api/v1/namespaces/bench-create/configmaps", UriKind.Relative), Objects.ConfigMap($"warm-{c}-{i}"));
        return (int)r.StatusCode == 201;
    });
    Add("create_per_s_c64", await RequestLoad.RunAsync(options.Clients, options.Duration, async (c, i) =>
    {
        using var r = await http.PostAsync(new Uri("/api/v1/namespaces/bench-create/configmaps", UriKind.Relative), Objects.ConfigMap($"c-{c}-{i}"));
        if ((int)r.StatusCode != 201 && Interlocked.Increment(ref reported) <= 3) Console.Error.WriteLine($"  create: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        return (int)r.StatusCode == 201;
    }));
    await RequestLoad.CreateManyAsync(http, options.Clients, options.Clients * 20, "/api/v1/namespaces/bench-create/configmaps", Objects.ConfigMap, "g-");
    Add("get_per_s_c64", await RequestLoad.RunAsync(options.Clients, options.Duration, async (c, i) =>
    {
        using var r = await http.GetAsync(new Uri($"/api/v1/namespaces/bench-create/configmaps/g-{(c * 20) + (i % 20)}", UriKind.Relative));
        return r.IsSuccessStatusCode;
    }));

    await RequestLoad.CreateManyAsync(http, options.Clients, options.ListPods, "/api/v1/namespaces/bench-list/pods", Objects.Pod, "pod-");
    var listTimes = new List<double>();
    for (var i = 0; i < 6; i++)
    {
        var clock = Stopwatch.StartNew();
        using var r = await http.GetAsync(new Uri("/api/v1/namespaces/bench-list/pods?resourceVersion=0", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        var bytes = await r.Content.ReadAsByteArrayAsync();
        if (i > 0) listTimes.Add(clock.Elapsed.TotalMilliseconds); // the first one loads the cache
        if (i == 1) Console.Error.WriteLine($"  list: {bytes.Length / 1024} KiB");
    }
    Add("list_10k_pods_ms", Stats.Median(listTimes));

    Add("watch_fanout_p99_ms", await WatchFanout.RunAsync(target, options.Watchers, options.UpdatesPerSecond, TimeSpan.FromSeconds(10)));

    await RequestLoad.CreateManyAsync(http, options.Clients, options.RssPods, "/api/v1/namespaces/bench-rss/pods", Objects.Pod, "pod-");
    using (await http.GetAsync(new Uri("/api/v1/pods?resourceVersion=0&limit=1", UriKind.Relative))) { }
    Add("rss_mb_50k_pods", target.RssMegabytes());
}

var medians = samples.ToDictionary(kv => kv.Key, kv => Stats.Median(kv.Value));
medians["create_overhead_ratio"] = medians["create_per_s_c64"] / medians["store_put_per_s_c64"];

var table = new StringBuilder();
table.AppendLine($"| metric | median of {options.Runs} | runs | target |");
table.AppendLine("|---|---:|---|---:|");
var targets = new Dictionary<string, string>
{
    ["create_per_s_c64"] = ">= 10,000", ["create_overhead_ratio"] = ">= 0.3", ["list_10k_pods_ms"] = "<= 150",
    ["watch_fanout_p99_ms"] = "<= 100", ["rss_mb_50k_pods"] = "<= 800",
};
foreach (var (metric, value) in medians.OrderBy(kv => kv.Key, StringComparer.Ordinal))
{
    var runs = samples.TryGetValue(metric, out var s) ? string.Join(", ", s.Select(v => v.ToString("N1", CultureInfo.InvariantCulture))) : "";
    table.AppendLine(CultureInfo.InvariantCulture, $"| {metric} | {value:N2} | {runs} | {targets.GetValueOrDefault(metric, "")} |");
}
Console.WriteLine(table);

Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Out))!);
var json = new StringBuilder("{\n");
json.AppendJoin(",\n", medians.OrderBy(kv => kv.Key, StringComparer.Ordinal)
    .Select(kv => string.Create(CultureInfo.InvariantCulture, $"  \"{kv.Key}\": {Math.Round(kv.Value, 3)}")));
json.Append("\n}\n");
await File.WriteAllTextAsync(options.Out, json.ToString());
return 0;
