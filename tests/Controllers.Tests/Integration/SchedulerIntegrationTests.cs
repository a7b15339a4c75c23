using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Api.Serialization;
using Cluster.Runtime.Client;
using Cluster.TestKit;

namespace Cluster.Controllers.Tests.Integration;

[Trait("tier", "integration")]
public sealed class SchedulerIntegrationTests(SchedulerFixture fixture) : IClassFixture<SchedulerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private ClusterClient Client => fixture.Cluster.Client;

    private static Pod NewPod(string ns, string name, string cpu = "100m", IReadOnlyDictionary<string, string>? nodeSelector = null, IReadOnlyList<Toleration>? tolerations = null) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns, Labels = new Dictionary<string, string> { ["app"] = name } },
        Spec = new PodSpec
        {
            NodeSelector = nodeSelector,
            Tolerations = tolerations,
            Containers = [new Container { Name = "c", Image = "i", Resources = new ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = cpu } } }],
        },
    };

    private async Task<Pod> WaitBoundAsync(string ns, string name)
    {
        Pod? pod = null;
        await Eventually.TrueAsync(async () => (pod = await Client.GetAsync<Pod>(new(ns, name))).Spec?.NodeName is { Length: > 0 }, Patience, $"{name} bound");
        return pod!;
    }

    [Fact]
    public async Task Pending_pods_are_bound_spread_over_the_least_allocated_nodes_and_run()
    {
        await Eventually.TrueAsync(async () => (await Client.ListAsync<Node>()).Items.Count(n => n.Metadata!.Name!.StartsWith("sched-node-", StringComparison.Ordinal)) == SchedulerFixture.NodeCount, Patience, "nodes registered");
        var ns = await fixture.Cluster.CreateNamespaceAsync("spread");
        for (var i = 0; i < 8; i++) await Client.CreateAsync(NewPod(ns, $"p{i}", cpu: "1"));
        var nodes = new List<string>();
        for (var i = 0; i < 8; i++) nodes.Add((await WaitBoundAsync(ns, $"p{i}")).Spec!.NodeName!);
        Assert.All(nodes.GroupBy(n => n), g => Assert.True(g.Count() <= 3, $"{g.Key} got {g.Count()} of 8 one-cpu pods"));
        await Eventually.TrueAsync(async () => (await Client.ListAsync<Pod>(ns)).Items.All(p => p.Status?.Phase == "Running"), Patience, "pods running");
        var scheduled = (await Client.GetAsync<Pod>(new(ns, "p0"))).Status!.Conditions!.Single(c => c.Type == "PodScheduled");
        Assert.Equal("True", scheduled.Status);
    }

    [Fact]
    public async Task A_pod_that_fits_nowhere_gets_upstreams_message_and_is_scheduled_once_a_node_with_room_appears()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync("big");
        await Client.CreateAsync(NewPod(ns, "big", cpu: "6"));
        await Eventually.TrueAsync(async () =>
            (await Client.GetAsync<Pod>(new(ns, "big"))).Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled") is { Status: "False", Reason: "Unschedulable" } c
            && c.Message == $"0/{SchedulerFixture.NodeCount} nodes are available: {SchedulerFixture.NodeCount} Insufficient cpu. "
                + $"preemption: 0/{SchedulerFixture.NodeCount} nodes are available: {SchedulerFixture.NodeCount} Preemption is not helpful for scheduling.",
            Patience, "PodScheduled=False with the fit error and the preemption outcome");
        // The event recorder posts in the background, after the condition is written.
        await Eventually.TrueAsync(async () => (await Client.ListAsync<Event>(ns)).Items.Any(e => e.Reason == "FailedScheduling" && e.Type == "Warning" && e.InvolvedObject!.Name == "big"),
            Patience, "the FailedScheduling event");

        // a bigger node joins: the NodeAdd event moves the pod back to the active queue (no polling)
        using var stop = new CancellationTokenSource();
        var fleet = new Kubelet.Hollow.HollowNodeFleet(fixture.Cluster.NewClient(), new Kubelet.Hollow.HollowNodeOptions { Count = 1, NamePrefix = "big-node-", Cpu = "8", StartDelay = TimeSpan.Zero });
        var running = fleet.RunAsync(stop.Token);
        try
        {
            Assert.Equal("big-node-0", (await WaitBoundAsync(ns, "big")).Spec!.NodeName);
        }
        finally
        {
            await stop.CancelAsync();
            await running;
            await Client.DeleteAsync<Node>(new("", "big-node-0"));
        }
    }

    [Fact]
    public async Task Node_selectors_and_taints_steer_pods()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync("steer");
        var zoned = await WaitBoundAsync(ns, (await Client.CreateAsync(NewPod(ns, "zoned", nodeSelector: new Dictionary<string, string> { ["topology.kubernetes.io/zone"] = "zone-1" }))).Metadata!.Name!);
        Assert.Contains(zoned.Spec!.NodeName, new[] { "sched-node-1", "sched-node-3" });

        await Client.CreateAsync(NewPod(ns, "nowhere", nodeSelector: new Dictionary<string, string> { ["disk"] = "ssd" }));
        await Eventually.TrueAsync(async () =>
            (await Client.GetAsync<Pod>(new(ns, "nowhere"))).Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled")?.Message?.Contains("node(s) didn't match Pod's node affinity/selector", StringComparison.Ordinal) == true,
            Patience, "unschedulable by selector");

        // labelling a node is a NodeLabelChange: the waiting pod is retried and lands there
        await Client.PatchAsync<Node>(new("", "sched-node-2"), Patch.Merge("""{"metadata":{"labels":{"disk":"ssd"}}}"""));
        try
        {
            Assert.Equal("sched-node-2", (await WaitBoundAsync(ns, "nowhere")).Spec!.NodeName);
        }
        finally
        {
            await Client.PatchAsync<Node>(new("", "sched-node-2"), Patch.Merge("""{"metadata":{"labels":{"disk":null}}}"""));
        }
    }
}
