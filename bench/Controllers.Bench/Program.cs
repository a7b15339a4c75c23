using System.Diagnostics;
using System.Globalization;
using Cluster.Api.Apps.V1;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Runtime.Client;
using Cluster.Bench;
using Cluster.TestKit;
using Cluster.Controllers.Bench;

// make bench-controllers: the built-in controllers and the scheduler inside the real `cluster server`, with
// `cluster hollow-nodes` processes as the nodes. Medians of several runs; results in bench/results/controllers.json.
var output = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? "bench/results/controllers.json";
var runs = int.Parse(args.SkipWhile(a => a != "--runs").Skip(1).FirstOrDefault() ?? "3", CultureInfo.InvariantCulture);
var report = new MetricReport(new Dictionary<string, string>
{
    ["deploy_1000_ready_s"] = "<= 10", ["rollout_1000_s"] = "<= 20", ["delete_ns_10k_objects_s"] = "<= 30", ["hollow_5000_nodes_rss_mb"] = "<= 1,500",
});
var Add = report.Add;

await using var server = await ClusterServerProcess.StartAsync(new ClusterServerOptions { StartTimeout = TimeSpan.FromMinutes(1) });
using var client = new ClusterClient(ClusterConnection.Discover(server.Kubeconfig) with { RequestTimeout = TimeSpan.FromMinutes(2) });

Console.Error.WriteLine("starting 100 hollow nodes");
await using (var nodes = ClusterCommandProcess.Start("hollow-nodes", "--kubeconfig", server.Kubeconfig, "--count", "100", "--start-delay", "0"))
{
    await Hollow.WaitForNodesAsync(client, "hollow-node-", 100, TimeSpan.FromMinutes(2));
    for (var run = 1; run <= runs; run++)
    {
        Console.Error.WriteLine($"run {run}/{runs}");
        var ns = $"bench-{run}";
        await client.CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = ns } });

        // A Deployment of 1,000 until every pod is Ready and it reports Available.
        var clock = Stopwatch.StartNew();
        await client.CreateAsync(Workloads.Deployment(ns, 1000, "app:1"));
        await Workloads.WaitRolledOutAsync(client, ns, 1000, TimeSpan.FromMinutes(5));
        Add("deploy_1000_ready_s", clock.Elapsed.TotalSeconds);

        // A new image: rolling update with 25% surge and 25% unavailable until the rollout completes.
        clock.Restart();
        await client.PatchAsync<Deployment>(new(ns, "web"), Patch.Json("""[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"app:2"}]"""));
        await Workloads.WaitRolledOutAsync(client, ns, 1000, TimeSpan.FromMinutes(5));
        Add("rollout_1000_s", clock.Elapsed.TotalSeconds);

        // A namespace holding 10,000 objects, deleted until it is gone.
        var doomed = $"doomed-{run}";
        await client.CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = doomed } });
        await ConcurrentLoad.RunAsync(10_000, 32, i => client.CreateAsync(new ConfigMap
        {
            Metadata = new ObjectMeta { Name = $"cm-{i}", Namespace = doomed },
            Data = new Dictionary<string, string> { ["k"] = "v" },
        }));
        clock.Restart();
        await client.DeleteAsync<Namespace>(new("", doomed));
        if (await Workloads.WaitGoneAsync(client, doomed, TimeSpan.FromMinutes(3))) Add("delete_ns_10k_objects_s", clock.Elapsed.TotalSeconds);
        else Console.Error.WriteLine("  delete_ns_10k_objects_s: the namespace was not removed within 3 minutes (is the namespace controller running?)");
    }
}

// 5,000 hollow nodes in one process: resident memory once registered and heartbeating.
Console.Error.WriteLine("starting 5,000 hollow nodes");
await using (var many = ClusterCommandProcess.Start("hollow-nodes", "--kubeconfig", server.Kubeconfig, "--count", "5000", "--name-prefix", "many-", "--start-delay", "0"))
{
    await Hollow.WaitForNodesAsync(client, "many-", 5000, TimeSpan.FromMinutes(10));
    var deadline = DateTime.UtcNow.AddSeconds(30); // three lease rounds
    var rss = 0.0;
    while (DateTime.UtcNow < deadline)
    {
        rss = Math.Max(rss, Hollow.ResidentMegabytes(many.ProcessId));
        await Task.Delay(1000);
    }
    Add("hollow_5000_nodes_rss_mb", rss);
}

await report.WriteAsync(output);
return 0;
