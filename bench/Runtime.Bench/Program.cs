using System.Diagnostics;
using System.Globalization;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Runtime.Bench;
using Cluster.Runtime.Client;
using Cluster.Runtime.Informers;
using Cluster.Bench;
using Cluster.Testing;
using Cluster.TestKit;

// make bench-runtime: the controller runtime against the real `cluster server` process (informers, cache, reconciles)
// and the in-process TestCluster's start time. Medians of several runs; results in bench/results/runtime.json.
var output = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? "bench/results/runtime.json";
var runs = int.Parse(args.SkipWhile(a => a != "--runs").Skip(1).FirstOrDefault() ?? "3", CultureInfo.InvariantCulture);
const int Pods = 10_000;
var report = new MetricReport(new Dictionary<string, string>
{
    ["informer_sync_10k_ms"] = "<= 500", ["informer_events_per_s"] = ">= 20,000", ["cache_bytes_per_pod"] = "<= 4,096",
    ["testcluster_start_ms"] = "<= 300", ["reconciles_per_s"] = "(no target)",
});
var Add = report.Add;

// TestCluster start: the first start of a process pays for JIT; a test suite pays that once.
for (var i = 0; i < 2 + (2 * runs); i++)
{
    var clock = Stopwatch.StartNew();
    await using var cluster = await TestCluster.StartAsync();
    var elapsed = clock.Elapsed.TotalMilliseconds;
    if (i == 0) Add("testcluster_first_start_ms", elapsed);
    else Add("testcluster_start_ms", elapsed);
}

await using var server = await ClusterServerProcess.StartAsync();
using var client = new ClusterClient(ClusterConnection.Discover(server.Kubeconfig) with { RequestTimeout = TimeSpan.FromMinutes(2) });
await client.CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = "bench" } });
Console.Error.WriteLine($"creating {Pods} pods");
await ConcurrentLoad.RunAsync(Pods, 32, i => client.CreateAsync(Load.SmallPod("bench", $"pod-{i}")));

for (var run = 1; run <= runs; run++)
{
    Console.Error.WriteLine($"run {run}/{runs}");
    await RunOnceAsync(client, run, Add); // in its own method, so nothing of one run is reachable in the next one's heap figures
}

await report.WriteAsync(output);
return 0;

static long Heap()
{
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    GC.WaitForPendingFinalizers();
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    return GC.GetTotalMemory(forceFullCollection: true);
}

[System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
static async Task RunOnceAsync(ClusterClient client, int run, Action<string, double> Add)
{
    const int Pods = 10_000;
    const int Updates = 30_000;

    // Initial sync of 10,000 pods. Then the managed heap a cache holds: the growth of the heap when a second informer
    // syncs the same pods next to the first one (the first has settled JIT, pools and connections, which would
    // otherwise move a before/after difference by megabytes).
    var informer = new Informer<Pod>(client.Resource<Pod>(), new InformerOptions<Pod> { Namespace = "bench" });
    Add("informer_sync_10k_ms", await SyncAsync(informer));
    await Task.Yield();
    var before = Heap();
    var second = new Informer<Pod>(client.Resource<Pod>(), new InformerOptions<Pod> { Namespace = "bench" });
    await SyncAsync(second);
    await Task.Yield(); // a fresh frame: the one that awaited the sync may still reference its garbage
    Add("cache_bytes_per_pod", (Heap() - before) / (double)second.Cache.Count);
    GC.KeepAlive(second);

    // Watch events into the cache: while the informer is stopped, 30,000 pod updates pile up in the server's watch
    // cache; resumed, the informer drains them as fast as it can process them.
    var last = await ConcurrentLoad.RunAsync(Updates, 64, i => client.PatchAsync<Pod>(new("bench", $"pod-{i % Pods}"),
        Patch.Merge("{\"metadata\":{\"labels\":{\"round\":\"" + run + "-" + i + "\"}}}")));
    var target = last.Max(p => long.Parse(p.Metadata!.ResourceVersion!, CultureInfo.InvariantCulture));
    using var stop2 = new CancellationTokenSource();
    var clock = Stopwatch.StartNew();
    var resumed = informer.RunAsync(stop2.Token);
    while (long.Parse(informer.ResourceVersion, CultureInfo.InvariantCulture) < target) await Task.Delay(1);
    Add("informer_events_per_s", Updates / clock.Elapsed.TotalSeconds);
    await stop2.CancelAsync();
    await resumed;
    GC.KeepAlive(informer);

    // Reconciles: a no-op reconciler over the 10,000 pods with 4 workers, from the first reconcile to the last.
    await using (var runtime = new Cluster.Runtime.Builder.ControllerRuntime(client))
    {
        var done = 0;
        long first = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        runtime.For<Pod>().WithConcurrency(4).Complete((key, _) =>
        {
            if (Interlocked.Increment(ref done) == 1) Interlocked.Exchange(ref first, Stopwatch.GetTimestamp());
            if (done == Pods) all.TrySetResult();
            return Task.FromResult(Cluster.Runtime.Controllers.ReconcileResult.Done);
        });
        using var stop3 = new CancellationTokenSource();
        var running3 = runtime.RunAsync(stop3.Token);
        await all.Task;
        Add("reconciles_per_s", Pods / Stopwatch.GetElapsedTime(Interlocked.Read(ref first)).TotalSeconds);
        await stop3.CancelAsync();
        await running3;
    }
}

// Lists and syncs the informer, stops it, and returns the milliseconds the sync took. Nothing of it stays reachable
// but the informer, so the caller can measure what the informer holds.
static async Task<double> SyncAsync(Informer<Pod> informer)
{
    using var stop = new CancellationTokenSource();
    var clock = Stopwatch.StartNew();
    var running = informer.RunAsync(stop.Token);
    await informer.WaitForSyncAsync(CancellationToken.None);
    var elapsed = clock.Elapsed.TotalMilliseconds;
    await stop.CancelAsync();
    await running;
    return elapsed;
}
