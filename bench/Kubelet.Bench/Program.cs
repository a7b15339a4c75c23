using System.Diagnostics;
using System.Globalization;
using Cluster.Bench;
using Cluster.Kubelet.Bench;
using Cluster.Runtime.Client;
using Cluster.Store.Bench;
using Cluster.TestKit;

// make bench-kubelet: the node agent as a standalone `cluster agent` process running real runc containers, joined to a
// `cluster server --disable-agent`. Medians of several runs; results in bench/results/kubelet.json. See README.md.
var output = Option("--out") ?? "bench/results/kubelet.json";
var runs = int.Parse(Option("--runs") ?? "3", CultureInfo.InvariantCulture);
var heavyRuns = int.Parse(Option("--heavy-runs") ?? "3", CultureInfo.InvariantCulture);
var report = new MetricReport(new Dictionary<string, string>
{
    ["pod_start_p50_ms"] = "<= 200", ["burst_50_running_s"] = "<= 6", ["pods_running_100_rss_mb"] = "<= 150", ["kubelet_restart_adopt_s"] = "<= 5",
});
Interruption.Install();

// Built once up front (every node imports it), removed at the end.
var busyboxTar = await TestImages.BusyboxTarAsync();
try
{
    await using var server = await ClusterServerProcess.StartAsync(new ClusterServerOptions { StartTimeout = TimeSpan.FromMinutes(1) });
    using var client = new ClusterClient(ClusterConnection.Discover(server.Kubeconfig) with { RequestTimeout = TimeSpan.FromMinutes(1) });
    var phases = new Phases(client, report);

    for (var run = 1; run <= runs; run++)
    {
        Console.Error.WriteLine($"runc floor {run}/{runs}");
        report.Add("runc_floor_ms", Stats.Median(await RuncFloor.MeasureAsync(10)));
    }

    await using (var node = await BenchNode.StartAsync(client, server.Kubeconfig, "bench-light"))
    {
        for (var run = 1; run <= runs; run++)
        {
            Console.Error.WriteLine($"pod start and burst {run}/{runs}");
            await phases.SequentialStartsAsync(node, $"start-{run}", 20);
            await phases.BurstAsync(node, $"burst-{run}", 50);
        }
    }

    for (var run = 1; run <= heavyRuns; run++)
    {
        Console.Error.WriteLine($"100 pods and an agent restart {run}/{heavyRuns}");
        await using var node = await BenchNode.StartAsync(client, server.Kubeconfig, $"bench-heavy-{run}");
        await phases.HundredPodsAndRestartAsync(node, $"hundred-{run}", 100);
    }
}
catch (OperationCanceledException) when (Interruption.Requested)
{
    return 130; // everything started has been cleaned up by the disposals on the way out
}
finally
{
    File.Delete(busyboxTar);
}

await report.WriteAsync(output);
return 0;

string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

/// <summary>The measured scenarios; each leaves its node idle or is followed by the node's reset.</summary>
internal sealed class Phases(ClusterClient client, MetricReport report)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    /// <summary>Pods created one after another, each timed from the create call to Running as a watch sees it.</summary>
    public async Task SequentialStartsAsync(BenchNode node, string ns, int count)
    {
        await BenchPods.CreateNamespaceAsync(client, ns);
        var clock = Stopwatch.StartNew();
        await using var watch = await PodWatch.StartAsync(client, ns, clock);
        var names = Enumerable.Range(0, count).Select(i => $"start-{i}").ToList();
        var latencies = new List<double>();
        var binding = new List<double>();
        foreach (var name in names)
        {
            var created = clock.Elapsed;
            await client.CreateAsync(BenchPods.Sleeper(ns, name));
            latencies.Add((await watch.WaitRunningAsync(name, Patience) - created).TotalMilliseconds);
            binding.Add((watch.Bound[name] - created).TotalMilliseconds);
        }
        report.Add("pod_start_p50_ms", Stats.Percentile(latencies, 50));
        report.Add("pod_start_p90_ms", Stats.Percentile(latencies, 90));
        // The share of the API server and the scheduler: from the create call until the watch sees the pod bound.
        report.Add("pod_start_bound_p50_ms", Stats.Percentile(binding, 50));
        Console.Error.WriteLine($"  each pod (ms): {string.Join(' ', latencies.Select(l => l.ToString("F0", CultureInfo.InvariantCulture)))}");
        await BenchPods.DeleteAllAsync(client, ns, names, node);
    }

    /// <summary>Pods created all at once, until the last is Running.</summary>
    public async Task BurstAsync(BenchNode node, string ns, int count)
    {
        await BenchPods.CreateNamespaceAsync(client, ns);
        var clock = Stopwatch.StartNew();
        await using var watch = await PodWatch.StartAsync(client, ns, clock);
        var names = Enumerable.Range(0, count).Select(i => $"burst-{i}").ToList();
        var start = clock.Elapsed;
        await Task.WhenAll(names.Select(name => client.CreateAsync(BenchPods.Sleeper(ns, name))));
        var last = await watch.WaitAllRunningAsync(names, Patience);
        report.Add("burst_50_running_s", (last - start).TotalSeconds);
        await BenchPods.DeleteAllAsync(client, ns, names, node);
    }

    /// <summary>
    /// The agent's memory with <paramref name="count"/> pods running, then a crash (SIGKILL of the agent alone) and a
    /// restart on the same data directory, timed until the restarted agent is back in service with every container adopted.
    /// </summary>
    public async Task HundredPodsAndRestartAsync(BenchNode node, string ns, int count)
    {
        await BenchPods.CreateNamespaceAsync(client, ns);
        var clock = Stopwatch.StartNew();
        await using var watch = await PodWatch.StartAsync(client, ns, clock);
        var names = Enumerable.Range(0, count).Select(i => $"pod-{i}").ToList();
        var start = clock.Elapsed;
        await ConcurrentLoad.RunAsync(count, 16, i => client.CreateAsync(BenchPods.Sleeper(ns, names[i])));
        var last = await watch.WaitAllRunningAsync(names, Patience);
        report.Add("burst_100_running_s", (last - start).TotalSeconds);

        await Task.Delay(TimeSpan.FromSeconds(5));
        report.Add("pods_running_100_rss_mb", Hollow.ResidentMegabytes(node.Agent.ProcessId));
        var shims = node.ShimResidentMegabytes();
        if (shims.Count != count) Console.Error.WriteLine($"  expected {count} shims, found {shims.Count}");
        report.Add("shim_rss_avg_mb", shims.Count == 0 ? double.NaN : shims.Average());
        report.Add("shim_rss_total_mb", shims.Sum());

        await MeasureRestartAsync(node, ns, names, watch, clock);
    }

    /// <summary>
    /// Restart time: from starting the agent process again until (1) the Node's Ready heartbeat is newer than before
    /// the crash (the new agent registered), (2) a pod created while the agent was down is Running (the new agent has
    /// listed its pods and works through them: the pod queue is handled in order, so the others came first or
    /// alongside), and (3) every one of the earlier pods is Running with its container id and a restartCount of 0.
    /// </summary>
    private async Task MeasureRestartAsync(BenchNode node, string ns, IReadOnlyList<string> names, PodWatch watch, Stopwatch clock)
    {
        var before = names.ToDictionary(n => n, n => watch.Latest[n]);
        var heartbeat = await node.ReadyHeartbeatAsync() ?? throw new InvalidOperationException("the node is not Ready before the restart");
        // Heartbeat times have one-second resolution: a crash within the second of the last one could hide the new one.
        var wait = heartbeat.AddSeconds(1.1) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait);

        await node.CrashAgentAsync();
        // Named and created last, so it comes last in the restarted agent's first list of its pods.
        await client.CreateAsync(BenchPods.Sleeper(ns, "zz-created-while-down"));
        var restarted = clock.Elapsed;
        node.StartAgentAgain();
        await node.WaitReadyAsync(heartbeat, Patience);
        var registered = clock.Elapsed;
        var sentinel = await watch.WaitRunningAsync("zz-created-while-down", Patience);
        var back = Max(registered, sentinel);
        var changed = Changed(before, watch);
        report.Add("kubelet_restart_registered_s", (registered - restarted).TotalSeconds);
        if (changed.Count > 0)
        {
            Console.Error.WriteLine($"  adoption failed: {changed.Count} pods changed, e.g. {changed[0]}; kubelet_restart_adopt_s not recorded");
            return;
        }
        report.Add("kubelet_restart_adopt_s", (back - restarted).TotalSeconds);

        // A second look a little later: containers restarted late would show here.
        await Task.Delay(TimeSpan.FromSeconds(3));
        changed = Changed(before, watch);
        if (changed.Count > 0) Console.Error.WriteLine($"  after the restart {changed.Count} pods changed, e.g. {changed[0]}");
        report.Add("restarted_agent_rss_mb", Hollow.ResidentMegabytes(node.Agent.ProcessId));
    }

    private static List<string> Changed(Dictionary<string, PodSeen> before, PodWatch watch) =>
        [.. before.Where(p => watch.Latest.GetValueOrDefault(p.Key) is not { Phase: "Running", RestartCount: 0 } now || now.ContainerId != p.Value.ContainerId)
            .Select(p => $"{p.Key}: {p.Value} -> {watch.Latest.GetValueOrDefault(p.Key)}")];

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
