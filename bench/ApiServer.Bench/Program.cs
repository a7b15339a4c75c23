using System.Diagnostics;
using System.Globalization;
using System.Text;
using Cluster.ApiServer.Bench;
using Cluster.Store.Bench;

if (args is ["--null-server", var certFile, var keyFile, var portText])
{
    await NullServer.RunAsync(certFile, keyFile, int.Parse(portText, CultureInfo.InvariantCulture));
    return 0;
}

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
    if (options.Includes("store")) Add("store_put_per_s_c64", await StorePutLoad.RunAsync(options.Clients, options.Duration));

    await using var target = await Target.StartAsync();
    using var http = target.Http1(options.Clients);
    foreach (var ns in (string[])["bench-create", "bench-list"])
        using (await http.PostAsync(new Uri("/api/v1/namespaces", UriKind.Relative), Objects.Namespace(ns))) { }

    // Creates and gets go through lean keep-alive connections, one per client, so the generator costs the server little
    // CPU. The warm-up runs until the server's JIT has settled on its optimized code (about 15 s after start).
    var connections = await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(_ => target.OpenLeanAsync()));
    if (options.Includes("create"))
    {
        const string configMaps = "/api/v1/namespaces/bench-create/configmaps";
        async Task<bool> Create(int c, string name)
        {
            var (status, body) = await connections[c].SendAsync("POST", configMaps, Objects.ConfigMapBytes(name));
            if (status != 201 && Interlocked.Increment(ref reported) <= 3) Console.Error.WriteLine($"  create: {status} {Encoding.UTF8.GetString(body.Span)}");
            return status == 201;
        }
        await RequestLoad.RunAsync(options.Clients, options.WarmUp, (c, i) => Create(c, $"warm-{run}-{c}-{i}"));
        Add("create_per_s_c64", await RequestLoad.RunAsync(options.Clients, options.Duration, (c, i) => Create(c, $"c-{run}-{c}-{i}")));

        // The ceiling: the same requests, client and TLS certificate against Kestrel doing nothing.
        var port = Cluster.TestKit.FreePort.Pick();
        using var peer = await NullServer.StartAsync(Path.Combine(target.Server.DataDirectory, "server.crt"), Path.Combine(target.Server.DataDirectory, "server.key"), port);
        try
        {
            var peerUrl = new Uri($"https://127.0.0.1:{port}");
            var peerConnections = await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(_ =>
                LeanHttpsConnection.OpenAsync(peerUrl, Path.Combine(target.Server.DataDirectory, "ca.crt"), target.Server.Token)));
            async Task<bool> CreateOnPeer(int c, string name) => (await peerConnections[c].SendAsync("POST", configMaps, Objects.ConfigMapBytes(name))).Status == 201;
            await RequestLoad.RunAsync(options.Clients, options.WarmUp / 3, (c, i) => CreateOnPeer(c, $"warm-{c}-{i}"));
            Add("null_server_per_s_c64", await RequestLoad.RunAsync(options.Clients, options.Duration, (c, i) => CreateOnPeer(c, $"c-{c}-{i}")));
            foreach (var connection in peerConnections) await connection.DisposeAsync();
        }
        finally
        {
            peer.Kill();
            await peer.WaitForExitAsync();
        }
    }
    if (options.Includes("get"))
    {
        await RequestLoad.CreateManyAsync(http, options.Clients, options.Clients * 20, "/api/v1/namespaces/bench-create/configmaps", Objects.ConfigMap, "g-");
        if (!options.Includes("create"))
            await RequestLoad.RunAsync(options.Clients, options.WarmUp, async (c, i) => (await connections[c].SendAsync("GET", $"/api/v1/namespaces/bench-create/configmaps/g-{(c * 20) + (i % 20)}")).Status == 200);
        Add("get_per_s_c64", await RequestLoad.RunAsync(options.Clients, options.Duration, async (c, i) =>
            (await connections[c].SendAsync("GET", $"/api/v1/namespaces/bench-create/configmaps/g-{(c * 20) + (i % 20)}")).Status == 200));
    }
    foreach (var connection in connections) await connection.DisposeAsync();

    if (options.Includes("list"))
    {
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
    }

    if (options.Includes("watch"))
        Add("watch_fanout_p99_ms", await WatchFanout.RunAsync(target, options.Watchers, options.UpdatesPerSecond, TimeSpan.FromSeconds(10)));

    if (options.Includes("rss"))
    {
        // A fresh server, so that what it holds is the pods (not the objects the loads above left in its store).
        await using var fresh = await Target.StartAsync();
        using var freshHttp = fresh.Http1(options.Clients);
        using (await freshHttp.PostAsync(new Uri("/api/v1/namespaces", UriKind.Relative), Objects.Namespace("bench-rss"))) { }
        await RequestLoad.CreateManyAsync(freshHttp, options.Clients, options.RssPods, "/api/v1/namespaces/bench-rss/pods", Objects.Pod, "pod-");
        using (await freshHttp.GetAsync(new Uri("/api/v1/pods?resourceVersion=0&limit=1", UriKind.Relative))) { }
        Add("rss_mb_50k_pods", fresh.RssMegabytes());
    }
}

var medians = samples.ToDictionary(kv => kv.Key, kv => Stats.Median(kv.Value));
if (medians.TryGetValue("create_per_s_c64", out var creates) && medians.TryGetValue("store_put_per_s_c64", out var puts))
    medians["create_overhead_ratio"] = creates / puts;
if (medians.TryGetValue("create_per_s_c64", out var ours) && medians.TryGetValue("null_server_per_s_c64", out var ceiling))
    medians["create_vs_null_server_ratio"] = ours / ceiling;

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
