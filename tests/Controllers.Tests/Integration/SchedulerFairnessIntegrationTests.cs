using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Api.Serialization;
using Cluster.Controllers.Scheduling;
using Cluster.Kubelet.Hollow;
using Cluster.Runtime.Client;
using Cluster.Testing;
using Cluster.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Controllers.Tests.Integration;

/// <summary>Dominant Resource Fairness between namespaces: the queue fills while the only node is cordoned, then it is uncordoned.</summary>
[Trait("tier", "integration")]
public sealed class SchedulerFairnessIntegrationTests
{
    private const int Flood = 150;
    private const int Few = 10;

    private static Pod NewPod(string ns, string name) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns },
        Spec = new PodSpec { Containers = [new Container { Name = "c", Image = "i", Resources = new ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = "100m", ["memory"] = "64Mi" } } }] },
    };

    /// <summary>The namespaces of the pods in the order they were bound (bindings one at a time, so in scheduling order).</summary>
    private static async Task<List<string>> BindingOrderAsync(bool fairness)
    {
        await using var cluster = await TestCluster.StartAsync();
        using var stop = new CancellationTokenSource();
        var client = cluster.Client;
        var flood = await cluster.CreateNamespaceAsync("flood");
        var few = await cluster.CreateNamespaceAsync("few");
        var nodes = new HollowNodeFleet(cluster.NewClient(), new HollowNodeOptions { Count = 1, NamePrefix = "fair-", Cpu = "64", Memory = "256Gi", Pods = 200, StartDelay = TimeSpan.FromSeconds(30) });
        var nodesRunning = nodes.RunAsync(stop.Token);
        await Eventually.TrueAsync(async () => await client.FindAsync<Node>(new("", "fair-0")) is not null, TimeSpan.FromSeconds(30), "the node registered");
        await client.PatchAsync<Node>(new("", "fair-0"), Patch.Merge("""{"spec":{"unschedulable":true}}"""));

        // The node is cordoned: every pod is queued as it is created, rejected by NodeUnschedulable, and waits.
        await using var scheduler = Scheduler.Create(cluster.NewClient(), new SchedulerOptions { Fairness = fairness, BindConcurrency = 1 }, NullLoggerFactory.Instance);
        var schedulerRunning = scheduler.Runtime.RunAsync(stop.Token);
        await ConcurrentCreateAsync(client, flood, Flood);
        await ConcurrentCreateAsync(client, few, Few);
        await Eventually.TrueAsync(async () => (await client.ListAsync<Pod>()).Items.Count(p => p.Status?.Conditions?.Any(c => c.Type == "PodScheduled" && c.Status == "False") == true) == Flood + Few,
            TimeSpan.FromSeconds(30), "every pod tried and found unschedulable");
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // past the first backoff, so that uncordoning moves them all to the active queue at once

        var order = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using var watching = new CancellationTokenSource();
        var watch = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in client.WatchAsync<Pod>(ct: watching.Token))
                    if (e.Object.Spec?.NodeName is { Length: > 0 } && seen.Add(e.Object.Metadata!.Uid!))
                        lock (order) order.Add(e.Object.Metadata.Namespace!);
            }
            catch (OperationCanceledException)
            {
            }
        });
        await client.PatchAsync<Node>(new("", "fair-0"), Patch.Merge("""{"spec":{"unschedulable":false}}"""));
        await Eventually.TrueAsync(() => Task.FromResult(Count(order) == Flood + Few), TimeSpan.FromSeconds(60), "every pod bound");
        await watching.CancelAsync();
        await watch;
        await stop.CancelAsync();
        await Task.WhenAll(schedulerRunning, nodesRunning);
        lock (order) return [.. order.Select(ns => ns == few ? "few" : "flood")];
    }

    private static int Count(List<string> order)
    {
        lock (order) return order.Count;
    }

    private static async Task ConcurrentCreateAsync(ClusterClient client, string ns, int count)
    {
        for (var i = 0; i < count; i += 10)
            await Task.WhenAll(Enumerable.Range(i, Math.Min(10, count - i)).Select(j => client.CreateAsync(NewPod(ns, $"p{j:D4}"))));
    }

    [Fact]
    public async Task With_fairness_a_small_namespace_is_served_alongside_a_flooding_one()
    {
        var order = await BindingOrderAsync(fairness: true);
        var lastFew = order.LastIndexOf("few");
        Assert.True(lastFew < 3 * Few, $"the last of {Few} pods of the small namespace was bound at position {lastFew} of {order.Count}");
    }

    [Fact]
    public async Task Without_fairness_pods_are_taken_in_creation_order_as_upstream()
    {
        var order = await BindingOrderAsync(fairness: false);
        var firstFew = order.IndexOf("few");
        Assert.True(firstFew >= Flood - 5, $"the small namespace's first pod was bound at position {firstFew}, before the flood was through");
    }
}
