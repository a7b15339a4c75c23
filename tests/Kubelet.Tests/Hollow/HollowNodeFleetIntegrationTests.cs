using Cluster.Api.Coordination.V1;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Kubelet.Hollow;
using Cluster.Testing;
using Cluster.TestKit;

namespace Cluster.Kubelet.Tests.Hollow;

[Trait("tier", "integration")]
public sealed class HollowNodeFleetIntegrationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static Pod PodOn(string ns, string name, string node) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns },
        Spec = new PodSpec { NodeName = node, Containers = [new Container { Name = "app", Image = "busybox" }] },
    };

    [Fact]
    public async Task Hollow_nodes_register_heartbeat_run_bound_pods_and_honour_deletion()
    {
        await using var cluster = await TestCluster.StartAsync();
        var fleet = new HollowNodeFleet(cluster.NewClient(), new HollowNodeOptions
        {
            Count = 3, StartDelay = TimeSpan.FromMilliseconds(300), RenewInterval = TimeSpan.FromMilliseconds(200), LeaseDuration = TimeSpan.FromSeconds(2),
        });
        using var stop = new CancellationTokenSource();
        var running = fleet.RunAsync(stop.Token);
        var client = cluster.Client;

        await Eventually.TrueAsync(async () => (await client.ListAsync<Node>()).Items.Count(n => n.Metadata!.Labels![HollowNodes.HollowLabel] == "true") == 3, Patience, "3 hollow nodes");
        var node = await client.GetAsync<Node>(new("", "hollow-node-1"));
        Assert.Equal("110", node.Status!.Allocatable!["pods"].ToString());
        Assert.Equal("True", node.Status.Conditions!.Single(c => c.Type == "Ready").Status);
        // The Lease follows the Node's registration.
        await Eventually.TrueAsync(async () => await client.FindAsync<Lease>(new(HollowNodes.LeaseNamespace, "hollow-node-1")) is not null, Patience, "the lease exists");
        var first = (await client.GetAsync<Lease>(new(HollowNodes.LeaseNamespace, "hollow-node-1"))).Spec!.RenewTime;
        await Eventually.TrueAsync(async () => (await client.GetAsync<Lease>(new(HollowNodes.LeaseNamespace, "hollow-node-1"))).Spec!.RenewTime > first, Patience, "the lease is renewed");

        var ns = await cluster.CreateNamespaceAsync("hollow");
        await client.CreateAsync(PodOn(ns, "web", "hollow-node-2"));
        await Eventually.TrueAsync(async () => (await client.GetAsync<Pod>(new(ns, "web"))).Status is { Phase: "Running", PodIP.Length: > 0 } s
            && s.Conditions!.Any(c => c.Type == "Ready" && c.Status == "True"), Patience, "the pod runs and is ready");
        Assert.StartsWith("10.0.2.", (await client.GetAsync<Pod>(new(ns, "web"))).Status!.PodIP, StringComparison.Ordinal);

        await client.DeleteAsync<Pod>(new(ns, "web"));
        await Eventually.TrueAsync(async () => await client.FindAsync<Pod>(new(ns, "web")) is null, Patience, "the deleted pod is removed");

        fleet.StopHeartbeat("hollow-node-0");
        // Renewal rounds run one after another: once another node renews again, no renewal of node 0 is in flight.
        for (var round = 0; round < 2; round++)
        {
            var before = (await client.GetAsync<Lease>(new(HollowNodes.LeaseNamespace, "hollow-node-1"))).Spec!.RenewTime;
            await Eventually.TrueAsync(async () => (await client.GetAsync<Lease>(new(HollowNodes.LeaseNamespace, "hollow-node-1"))).Spec!.RenewTime > before, Patience, "a later round");
        }
        var stopped = (await client.GetAsync<Lease>(new(HollowNodes.LeaseNamespace, "hollow-node-0"))).Spec!.RenewTime;
        await Eventually.TrueAsync(async () => (await client.GetAsync<Lease>(new(HollowNodes.LeaseNamespace, "hollow-node-1"))).Spec!.RenewTime > stopped!.Value.AddMilliseconds(500),
            Patience, "other nodes go on renewing");
        Assert.Equal(stopped, (await client.GetAsync<Lease>(new(HollowNodes.LeaseNamespace, "hollow-node-0"))).Spec!.RenewTime);

        await stop.CancelAsync();
        await running;
    }
}
