using System.Net;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Controllers.NodeIpam;

namespace Cluster.Controllers.Tests.NodeIpam;

public sealed class NodeCidrAllocatorTests
{
    private static NodeCidrAllocator Allocator(string cluster = "10.244.0.0/16", int mask = 24) => new(IPNetwork.Parse(cluster), mask);

    private static Node Node(string name, string? podCidr = null) => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Spec = podCidr is null ? null : new NodeSpec { PodCIDR = podCidr, PodCIDRs = [podCidr] },
    };

    [Fact]
    public void Each_node_gets_its_own_subnet_and_a_retry_for_the_same_node_gets_the_same_one()
    {
        var allocator = Allocator();

        var a = allocator.Assign("a");
        var b = allocator.Assign("b");

        Assert.Equal("10.244.0.0/24", a?.ToString());
        Assert.Equal("10.244.1.0/24", b?.ToString());
        Assert.Equal(a, allocator.Assign("a"));
        Assert.Equal(2, allocator.Used);
    }

    [Fact]
    public void After_a_restart_the_rebuilt_allocator_never_hands_out_a_subnet_a_node_holds()
    {
        var before = Allocator();
        var nodes = new[] { "a", "b", "c" }.Select(n => Node(n, before.Assign(n)!.Value.ToString())).ToList();
        before.Release("b");                                                // nodes a and c stay; b's subnet is in no Node
        nodes.RemoveAt(1);

        var after = Allocator();
        after.Rebuild(nodes);

        Assert.Equal(2, after.Used);
        var fresh = new[] { after.Assign("d")!.Value.ToString(), after.Assign("e")!.Value.ToString() };
        Assert.DoesNotContain("10.244.0.0/24", fresh);
        Assert.DoesNotContain("10.244.2.0/24", fresh);
        Assert.Contains("10.244.1.0/24", fresh);
    }

    [Fact]
    public void A_deleted_nodes_subnet_is_released_for_others()
    {
        var allocator = Allocator("10.244.0.0/23", 24);
        allocator.Observe(Node("a", allocator.Assign("a")!.Value.ToString()));
        allocator.Observe(Node("b", allocator.Assign("b")!.Value.ToString()));
        Assert.Null(allocator.Assign("c"));

        allocator.Release("a");

        Assert.Equal("10.244.0.0/24", allocator.Assign("c")?.ToString());
    }

    [Fact]
    public void A_podcidr_outside_the_range_is_ignored_and_uses_nothing()
    {
        var allocator = Allocator("10.244.0.0/23", 24);

        Assert.False(allocator.Observe(Node("legacy", "10.42.0.0/24")));
        allocator.Release("legacy");

        Assert.Equal(0, allocator.Used);
        Assert.NotNull(allocator.Assign("a"));
        Assert.NotNull(allocator.Assign("b"));
    }

    [Fact]
    public void A_subnet_set_on_the_node_by_someone_else_replaces_the_one_chosen_for_it()
    {
        var allocator = Allocator("10.244.0.0/22", 24);
        Assert.Equal("10.244.0.0/24", allocator.Assign("a")?.ToString());

        allocator.Observe(Node("a", "10.244.3.0/24"));

        Assert.Equal(1, allocator.Used);
        var others = new[] { "b", "c", "d" }.Select(n => allocator.Assign(n)?.ToString()).ToList();
        Assert.Equal(["10.244.0.0/24", "10.244.1.0/24", "10.244.2.0/24"], others.Order(StringComparer.Ordinal));
    }
}
