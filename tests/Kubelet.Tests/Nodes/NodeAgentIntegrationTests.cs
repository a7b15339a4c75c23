using Cluster.Api.Coordination.V1;
using Cluster.Api.Core.V1;
using Cluster.Kubelet.Nodes;
using Cluster.Testing;
using Cluster.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Kubelet.Tests.Nodes;

[Trait("tier", "integration")]
public sealed class NodeAgentIntegrationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private const long Gi = 1024L * 1024 * 1024;

    private static KubeletOptions Options(string name, string dir) => new()
    {
        NodeName = name, DataDirectory = dir, NodeIp = "10.1.2.3",
        LeaseDuration = TimeSpan.FromSeconds(2), LeaseRenewInterval = TimeSpan.FromMilliseconds(200),
        StatusCheckInterval = TimeSpan.FromMilliseconds(200), StatusReportInterval = TimeSpan.FromSeconds(30),
        // Its own bridge, pod range and a free kubelet port: other agents may run on this host at the same time.
        KubeletPort = 0, BridgeName = "tn" + Guid.NewGuid().ToString("N")[..8], PodCidr = $"10.47.{Random.Shared.Next(250)}.0/24",
    };

    private static string? Condition(Node node, string type) => node.Status?.Conditions?.FirstOrDefault(c => c.Type == type)?.Status;

    [Fact]
    public async Task The_agent_registers_the_host_with_its_capacity_renews_its_lease_and_posts_condition_changes_at_once()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var dir = new TempDirectory("agent");
        var lowMemory = false;
        var agent = new NodeAgent(cluster.NewClient(), Options("host-a", dir.Path), NullLoggerFactory.Instance)
        {
            Readings = () => new NodeReadings(lowMemory ? 50L * 1024 * 1024 : 8 * Gi, new Filesystem(100 * Gi, 50 * Gi), 100, 32768),
        };
        using var stop = new CancellationTokenSource();
        var running = agent.RunAsync(stop.Token);
        var client = cluster.Client;

        await Eventually.TrueAsync(async () => await client.FindAsync<Node>(new("", "host-a")) is { } n && Condition(n, "Ready") == "True", Patience, "the node registers ready");
        var node = await client.GetAsync<Node>(new("", "host-a"));
        Assert.Equal(Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture), node.Status!.Capacity!["cpu"].ToString());
        Assert.Equal("110", node.Status.Capacity["pods"].ToString());
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), node.Status.NodeInfo!.KernelVersion);
        Assert.Equal("10.1.2.3", node.Status.Addresses!.Single(a => a.Type == "InternalIP").Address);
        Assert.Equal("host-a", node.Metadata!.Labels!["kubernetes.io/hostname"]);
        Assert.Equal("False", Condition(node, "MemoryPressure"));

        await Eventually.TrueAsync(async () => await client.FindAsync<Lease>(new(NodeObjects.LeaseNamespace, "host-a")) is not null, Patience, "the lease exists");
        var lease = await client.GetAsync<Lease>(new(NodeObjects.LeaseNamespace, "host-a"));
        Assert.Equal(node.Metadata.Uid, lease.Metadata!.OwnerReferences!.Single().Uid);
        await Eventually.TrueAsync(async () => (await client.GetAsync<Lease>(new(NodeObjects.LeaseNamespace, "host-a"))).Spec!.RenewTime > lease.Spec!.RenewTime,
            Patience, "the lease is renewed");

        lowMemory = true;
        await Eventually.TrueAsync(async () => Condition(await client.GetAsync<Node>(new("", "host-a")), "MemoryPressure") == "True", Patience, "memory pressure is posted");
        var pressure = (await client.GetAsync<Node>(new("", "host-a"))).Status!.Conditions!.Single(c => c.Type == "MemoryPressure");
        Assert.Equal("KubeletHasInsufficientMemory", pressure.Reason);

        // The node lifecycle controller marks a silent node Unknown; a live agent posts its real conditions again.
        var current = await client.GetAsync<Node>(new("", "host-a"));
        await client.UpdateStatusAsync(current with
        {
            Status = current.Status! with { Conditions = current.Status.Conditions!.Select(c => c with { Status = "Unknown", Reason = "NodeStatusUnknown" }).ToList() },
        });
        await Eventually.TrueAsync(async () => Condition(await client.GetAsync<Node>(new("", "host-a")), "Ready") == "True", Patience, "Ready again");

        await stop.CancelAsync();
        await running;
        await NodeReset.RunAsync(dir.Path, NullLogger.Instance, CancellationToken.None);
    }

    [Fact]
    public async Task A_restarted_agent_takes_over_its_existing_node_keeping_labels_others_added()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var dir = new TempDirectory("agent");
        var client = cluster.Client;
        using (var first = new CancellationTokenSource())
        {
            var running = new NodeAgent(cluster.NewClient(), Options("host-b", dir.Path), NullLoggerFactory.Instance).RunAsync(first.Token);
            await Eventually.TrueAsync(async () => await client.FindAsync<Node>(new("", "host-b")) is not null, Patience, "registered");
            await first.CancelAsync();
            await running;
        }

        var node = await client.GetAsync<Node>(new("", "host-b"));
        await client.UpdateAsync(node with { Metadata = node.Metadata! with { Labels = new Dictionary<string, string>(node.Metadata.Labels!) { ["team"] = "blue" } } });
        using var second = new CancellationTokenSource();
        var again = new NodeAgent(cluster.NewClient(), Options("host-b", dir.Path) with { Labels = new Dictionary<string, string> { ["zone"] = "z1" } }, NullLoggerFactory.Instance)
            .RunAsync(second.Token);
        await Eventually.TrueAsync(async () => (await client.GetAsync<Node>(new("", "host-b"))).Metadata!.Labels!.ContainsKey("zone"), Patience, "the new label");
        var taken = await client.GetAsync<Node>(new("", "host-b"));
        Assert.Equal(node.Metadata!.Uid, taken.Metadata!.Uid);
        Assert.Equal("blue", taken.Metadata.Labels!["team"]);
        Assert.Equal("True", Condition(taken, "Ready"));
        await second.CancelAsync();
        await again;
        await NodeReset.RunAsync(dir.Path, NullLogger.Instance, CancellationToken.None);
    }
}
