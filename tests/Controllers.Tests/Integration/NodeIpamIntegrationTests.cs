using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Runtime.Client;
using Cluster.Testing;
using Cluster.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Controllers.Tests.Integration;

/// <summary>The nodeipam controller alone on a real in-process API server, with a small range (four /30s of 10.244.0.0/28).</summary>
[Trait("tier", "integration")]
public sealed class NodeIpamIntegrationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private static readonly ControllerManagerOptions Options = new()
    {
        Enabled = new HashSet<string>(StringComparer.Ordinal) { "nodeipam" }, ClusterCidr = "10.244.0.0/28", NodeCidrMaskSize = 30,
    };

    private static Node Node(string name, string? podCidr = null) => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Spec = podCidr is null ? null : new NodeSpec { PodCIDR = podCidr },
    };

    private static async Task<string> PodCidrAsync(ClusterClient client, string node)
    {
        var cidr = "";
        await Eventually.TrueAsync(async () => (cidr = (await client.GetAsync<Node>(new("", node))).Spec?.PodCIDR ?? "") != "", Patience, $"{node} gets a podCIDR");
        return cidr;
    }

    private sealed class RunningControllers(ControllerContext context, Task running, CancellationTokenSource stop) : IAsyncDisposable
    {
        public static RunningControllers Start(TestCluster cluster)
        {
            var context = ControllerManager.Create(cluster.NewClient(), Options, NullLoggerFactory.Instance);
            var stop = new CancellationTokenSource();
            return new RunningControllers(context, context.Runtime.RunAsync(stop.Token), stop);
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await running;
            await context.DisposeAsync();
            stop.Dispose();
        }
    }

    [Fact]
    public async Task Nodes_get_distinct_cidrs_in_range_outside_ones_are_ignored_exhaustion_is_an_event_and_a_deleted_nodes_cidr_is_reused()
    {
        await using var cluster = await TestCluster.StartAsync();
        var client = cluster.Client;
        await client.CreateAsync(Node("legacy", "10.42.0.0/24"));
        await client.CreateAsync(Node("claimed", "10.244.0.8/30"));
        await using var controllers = RunningControllers.Start(cluster);

        foreach (var name in new[] { "n1", "n2", "n3" }) await client.CreateAsync(Node(name));
        var cidrs = new[] { await PodCidrAsync(client, "n1"), await PodCidrAsync(client, "n2"), await PodCidrAsync(client, "n3") };

        Assert.Equal(["10.244.0.0/30", "10.244.0.12/30", "10.244.0.4/30"], cidrs.Order(StringComparer.Ordinal));
        Assert.Equal([cidrs[1]], (await client.GetAsync<Node>(new("", "n2"))).Spec!.PodCIDRs!);
        Assert.Equal("10.42.0.0/24", (await client.GetAsync<Node>(new("", "legacy"))).Spec!.PodCIDR);

        await client.CreateAsync(Node("n4"));
        await Eventually.TrueAsync(async () => (await client.ListAsync<Event>("default")).Items
            .Any(e => e.Reason == "CIDRNotAvailable" && e.InvolvedObject?.Name == "n4"), Patience, "n4 finds no CIDR left and gets the event");
        Assert.Null((await client.GetAsync<Node>(new("", "n4"))).Spec?.PodCIDR);

        await client.DeleteAsync<Node>(new("", "n1"));
        Assert.Equal(cidrs[0], await PodCidrAsync(client, "n4"));
    }

    [Fact]
    public async Task A_restarted_controller_rebuilds_the_used_cidrs_from_the_nodes_and_hands_out_none_twice()
    {
        await using var cluster = await TestCluster.StartAsync();
        var client = cluster.Client;
        string[] before;
        await using (RunningControllers.Start(cluster))
        {
            await client.CreateAsync(Node("n1"));
            await client.CreateAsync(Node("n2"));
            before = [await PodCidrAsync(client, "n1"), await PodCidrAsync(client, "n2")];
        }

        await using var restarted = RunningControllers.Start(cluster);
        await client.CreateAsync(Node("n3"));
        await client.CreateAsync(Node("n4"));
        string[] after = [await PodCidrAsync(client, "n3"), await PodCidrAsync(client, "n4")];

        Assert.Equal(4, before.Concat(after).Distinct().Count());
    }
}
