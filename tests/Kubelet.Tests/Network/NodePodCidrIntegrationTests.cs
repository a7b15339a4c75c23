using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Kubelet.Network;
using Cluster.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Kubelet.Tests.Network;

[Trait("tier", "integration")]
public sealed class NodePodCidrIntegrationTests
{
    private static KubeletOptions Options(string? podCidr = null) => new()
    {
        NodeName = "host-a", DataDirectory = "/nonexistent", PodCidr = podCidr, PodCidrWait = TimeSpan.FromSeconds(1),
    };

    private static Node Node(string? podCidr = null) => new()
    {
        Metadata = new ObjectMeta { Name = "host-a" },
        Spec = podCidr is null ? null : new NodeSpec { PodCIDR = podCidr },
    };

    private static Task<string> ResolveAsync(TestCluster cluster, Node registered, KubeletOptions options) =>
        NodePodCidr.ResolveAsync(cluster.Client, registered, options, TimeProvider.System, NullLogger.Instance, CancellationToken.None);

    [Fact]
    public async Task The_nodes_podcidr_wins_over_the_configured_one()
    {
        await using var cluster = await TestCluster.StartAsync();

        Assert.Equal("10.244.3.0/24", await ResolveAsync(cluster, Node("10.244.3.0/24"), Options("10.46.1.0/24")));
        Assert.Equal("10.46.1.0/24", await ResolveAsync(cluster, Node(), Options("10.46.1.0/24")));
    }

    [Theory]
    [InlineData("fd00::/64")]
    [InlineData("10.244.3.0/32")]
    public async Task A_podcidr_the_pod_network_cannot_use_is_ignored_not_fatal(string podCidr)
    {
        await using var cluster = await TestCluster.StartAsync();

        Assert.Equal("10.46.1.0/24", await ResolveAsync(cluster, Node(podCidr), Options("10.46.1.0/24")));
    }

    [Fact]
    public async Task Without_a_configured_range_the_agent_waits_for_the_node_ipam_to_set_one()
    {
        await using var cluster = await TestCluster.StartAsync();
        var node = await cluster.Client.CreateAsync(Node());
        var options = Options() with { PodCidrWait = TimeSpan.FromSeconds(20) };

        var resolving = ResolveAsync(cluster, node, options);
        await Task.Delay(TimeSpan.FromMilliseconds(600));
        Assert.False(resolving.IsCompleted);
        await cluster.Client.UpdateAsync(node with { Spec = new NodeSpec { PodCIDR = "10.244.7.0/24" } });

        Assert.Equal("10.244.7.0/24", await resolving.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_node_that_never_gets_a_podcidr_falls_back_to_the_default_range()
    {
        await using var cluster = await TestCluster.StartAsync();
        var node = await cluster.Client.CreateAsync(Node());

        Assert.Equal(BridgeNetworkOptions.DefaultPodCidr, await ResolveAsync(cluster, node, Options()));
    }
}
