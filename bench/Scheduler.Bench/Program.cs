using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Bench;
using Cluster.Runtime;
using Cluster.Runtime.Client;
using Cluster.Scheduler.Bench;
using Cluster.TestKit;

// make bench-scheduler: scheduler_perf-style workloads against the real `cluster server` (scheduler disabled in it)
// with 5,000 hollow nodes in 10 zones (zero start delay) and 100 pods placed, the scheduler run as `cluster scheduler`
// once each workload's pods wait, so that throughput is the scheduler's (first to last binding), each workload's pods
// deleted before the next; plus the algorithm alone in-process.
var output = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? "bench/results/scheduler.json";
var runs = int.Parse(args.SkipWhile(a => a != "--runs").Skip(1).FirstOrDefault() ?? "3", CultureInfo.InvariantCulture);
var workloads = (args.SkipWhile(a => a != "--workloads").Skip(1).FirstOrDefault() ?? "basic,latency,anti,spread").Split(',');
const int Nodes = 5000;
var report = new MetricReport(new Dictionary<string, string>
{
    ["pods_per_s_5000n_basic"] = ">= 1,500", ["pods_per_s_5000n_antiaffinity"] = ">= 300", ["pods_per_s_5000n_spread"] = ">= 500",
    ["p99_schedule_latency_ms"] = "no target", ["decisions_per_s_5000n_inprocess"] = ">= 5,000",
    ["decisions_per_s_5000n_inprocess_antiaffinity"] = "no target", ["decisions_per_s_5000n_inprocess_spread"] = "no target",
});

for (var run = 1; run <= (args.Contains("--skip-in-process") ? 0 : runs); run++)
{
    Console.Error.WriteLine($"in-process run {run}/{runs}");
    report.Add("decisions_per_s_5000n_inprocess", InProcess.DecisionsPerSecond(Nodes, 10_000));
    report.Add("decisions_per_s_5000n_inprocess_antiaffinity", InProcess.DecisionsPerSecond(Nodes, 5_000, BenchPods.AntiAffine));
    report.Add("decisions_per_s_5000n_inprocess_spread", InProcess.DecisionsPerSecond(Nodes, 5_000, BenchPods.Spread));
}

if (args.Contains("--in-process-only"))
{
    await report.WriteAsync(output);
    return 0;
}

await using var server = await ClusterServerProcess.StartAsync(new ClusterServerOptions { StartTimeout = TimeSpan.FromMinutes(1), ExtraArguments = ["--disable-scheduler"] });
using var client = new ClusterClient(ClusterConnection.Discover(server.Kubeconfig) with { RequestTimeout = TimeSpan.FromMinutes(2) });
Console.Error.WriteLine($"starting {Nodes} hollow nodes");
await using var nodes = ClusterCommandProcess.Start("hollow-nodes", "--kubeconfig", server.Kubeconfig, "--count", $"{Nodes}", "--zones", "10", "--start-delay", "0");
await Hollow.WaitForNodesAsync(client, "hollow-node-", Nodes, TimeSpan.FromMinutes(10));
var clock = Stopwatch.StartNew();
// Registering the fleet leaves the server busy for a while (node lifecycle, the garbage collector's graph, informers
// catching up): the workloads start once its CPU use has stopped falling, on the steady load of lease renewals.
var background = 0.0;
for (double previous = double.MaxValue, settling = 0; settling < 120; settling += 5)
{
    var (serverBefore, nodesBefore) = (Hollow.CpuTime(server.ProcessId), Hollow.CpuTime(nodes.ProcessId));
    await Task.Delay(TimeSpan.FromSeconds(5));
    var serverRate = (Hollow.CpuTime(server.ProcessId) - serverBefore).TotalMilliseconds / 5;
    var nodesRate = (Hollow.CpuTime(nodes.ProcessId) - nodesBefore).TotalMilliseconds / 5;
    Console.Error.WriteLine($"background (leases, no pods moving): server {serverRate:F0} ms CPU/s, hollow nodes {nodesRate:F0} ms CPU/s");
    background = serverRate + nodesRate;
    if (serverRate > previous * 0.9) break;
    previous = serverRate;
}

// Creating a workload's pods leaves work behind that is not the scheduler's: the server, the hollow nodes and this
// bench compile their hot paths anew (tier-1 JIT) and informers drain the creations' events. The scheduler starts once
// that has settled to the background load (or after 20 s), so that the measured window holds the scheduler's work.
async Task SettleAfterCreationAsync()
{
    var started = clock.Elapsed;
    double Total() => (Hollow.CpuTime(server.ProcessId) + Hollow.CpuTime(nodes.ProcessId) + Hollow.CpuTime(Environment.ProcessId)).TotalMilliseconds;
    while (clock.Elapsed - started < TimeSpan.FromSeconds(20))
    {
        var before = Total();
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        if ((Total() - before) / 0.5 <= background * 1.25 + 25) break;
    }
    Console.Error.WriteLine($"  settled {(clock.Elapsed - started).TotalSeconds:F1} s after creating the pods");
}

// BENCH_SCHEDULER_VARIANTS="|DOTNET_X=1|DOTNET_Y=0" starts the schedulers in turn with each environment (space-separated
// assignments; empty: as is), for comparing runtime settings side by side on the same cluster in one run.
var variants = (Environment.GetEnvironmentVariable("BENCH_SCHEDULER_VARIANTS") ?? "").Split('|');
var started = 0;
ClusterCommandProcess Scheduler()
{
    var variant = variants[started++ % variants.Length];
    Console.Error.WriteLine($"  scheduler variant: '{variant}'");
    return ClusterCommandProcess.StartWith(variant.Length == 0 ? [] : ["env", .. variant.Split(' ')], "scheduler", "--kubeconfig", server.Kubeconfig, "--leader-elect", "false");
}

async Task<string> NamespaceAsync(string name)
{
    await client.CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = name } });
    return name;
}

// Each workload runs on the 5,000 nodes with only the 100 existing pods, as scheduler_perf gives each workload a fresh
// cluster: its namespace is deleted (and its pods gone) before the next one starts.
async Task DeleteNamespaceAsync(string ns)
{
    await client.DeleteAsync<Namespace>(new ObjectKey("", ns));
    var deadline = clock.Elapsed + TimeSpan.FromMinutes(5);
    while (await client.FindAsync<Namespace>(new ObjectKey("", ns)) is not null && clock.Elapsed < deadline) await Task.Delay(500);
}

// Creates the pods while no scheduler runs, waits for the creation's aftermath to settle, then starts one and measures
// first to last binding; prints the CPU each process spent per pod meanwhile (where the time goes).
async Task<double> ThroughputAsync(string ns, int count, Func<string, string, Pod> pod)
{
    await ConcurrentLoad.RunAsync(count, 32, i => client.CreateAsync(pod(ns, $"p{i:D5}")));
    await using var watch = new BindWatch(client, ns, clock);
    await SettleAfterCreationAsync();
    var (serverCpu, nodesCpu, benchCpu) = (Hollow.CpuTime(server.ProcessId), Hollow.CpuTime(nodes.ProcessId), Hollow.CpuTime(Environment.ProcessId));
    await using (var scheduler = Scheduler())
    {
        await watch.WaitAsync(count, TimeSpan.FromMinutes(10));
        Console.Error.WriteLine($"  {ns}: CPU per pod: server {(Hollow.CpuTime(server.ProcessId) - serverCpu).TotalMicroseconds / count:F0} µs, " +
            $"hollow nodes {(Hollow.CpuTime(nodes.ProcessId) - nodesCpu).TotalMicroseconds / count:F0} µs, scheduler {Hollow.CpuTime(scheduler.ProcessId).TotalMicroseconds / count:F0} µs (with its start), " +
            $"this bench (watching bindings) {(Hollow.CpuTime(Environment.ProcessId) - benchCpu).TotalMicroseconds / count:F0} µs; " +
            $"pods/s after the first 10% of bindings (the fresh scheduler's warm-up): {watch.Throughput(0.1):F0}");
    }
    await DeleteNamespaceAsync(ns);
    return watch.Throughput();
}

// The 100 pods already placed.
var existing = await NamespaceAsync("existing");
await using (var watch = new BindWatch(client, existing, clock))
await using (Scheduler())
{
    await ConcurrentLoad.RunAsync(100, 16, i => client.CreateAsync(BenchPods.Plain(existing, $"e{i:D3}")));
    await watch.WaitAsync(100, TimeSpan.FromMinutes(2));
}

for (var run = 1; run <= runs; run++)
{
    Console.Error.WriteLine($"run {run}/{runs}");
    if (workloads.Contains("basic")) report.Add("pods_per_s_5000n_basic", await ThroughputAsync(await NamespaceAsync($"basic-{run}"), 10_000, BenchPods.Plain));

    // Latency from creation to binding with the scheduler running (a first pod bound shows it is ready), pods arriving
    // 8 at a time.
    if (workloads.Contains("latency"))
    {
        var latencyNs = await NamespaceAsync($"latency-{run}");
        var created = new ConcurrentDictionary<string, TimeSpan>(StringComparer.Ordinal);
        await using (var watch = new BindWatch(client, latencyNs, clock))
        await using (Scheduler())
        {
            await client.CreateAsync(BenchPods.Plain(latencyNs, "ready"));
            await watch.WaitAsync(1, TimeSpan.FromMinutes(2));
            await ConcurrentLoad.RunAsync(1000, 8, i =>
            {
                var name = $"l{i:D4}";
                created[name] = clock.Elapsed;
                return client.CreateAsync(BenchPods.Plain(latencyNs, name));
            });
            await watch.WaitAsync(1001, TimeSpan.FromMinutes(2));
            var latencies = created.Select(kv => (watch.Bound[kv.Key] - kv.Value).TotalMilliseconds).ToList();
            report.Add("p99_schedule_latency_ms", Cluster.Store.Bench.Stats.Percentile(latencies, 99));
        }
        await DeleteNamespaceAsync(latencyNs);
    }

    if (workloads.Contains("anti")) report.Add("pods_per_s_5000n_antiaffinity", await ThroughputAsync(await NamespaceAsync($"anti-{run}"), 5_000, BenchPods.AntiAffine));
    if (workloads.Contains("spread")) report.Add("pods_per_s_5000n_spread", await ThroughputAsync(await NamespaceAsync($"spread-{run}"), 5_000, BenchPods.Spread));
}

await report.WriteAsync(output);
return 0;
