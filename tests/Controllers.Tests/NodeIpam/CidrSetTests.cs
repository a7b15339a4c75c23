using System.Net;
using Cluster.Controllers.NodeIpam;

namespace Cluster.Controllers.Tests.NodeIpam;

public sealed class CidrSetTests
{
    private static CidrSet Set(string cluster = "10.244.0.0/16", int mask = 24) => new(IPNetwork.Parse(cluster), mask);

    private static string Next(CidrSet set) => set.TryAllocate(out var cidr) ? cidr.ToString() : "none";

    [Fact]
    public void Allocations_walk_the_node_subnets_in_order_and_never_repeat_while_used()
    {
        var set = Set();

        Assert.Equal(256, set.Capacity);
        Assert.Equal(["10.244.0.0/24", "10.244.1.0/24", "10.244.2.0/24"], [Next(set), Next(set), Next(set)]);
        Assert.Equal(3, set.Used);
    }

    [Fact]
    public void Occupied_subnets_are_skipped_and_a_wider_cidr_occupies_every_subnet_it_covers()
    {
        var set = Set("10.244.0.0/16", 24);

        Assert.Equal(OccupyResult.Occupied, set.Occupy(IPNetwork.Parse("10.244.0.0/24")));
        Assert.Equal(OccupyResult.Occupied, set.Occupy(IPNetwork.Parse("10.244.2.0/23")));

        Assert.Equal("10.244.1.0/24", Next(set));
        Assert.Equal("10.244.4.0/24", Next(set));
        Assert.Equal(5, set.Used);
    }

    [Theory]
    [InlineData("10.245.0.0/24")]
    [InlineData("10.42.0.0/24")]
    [InlineData("192.168.0.0/16")]
    [InlineData("fd00::/64")]
    public void A_cidr_outside_the_cluster_range_is_not_occupied(string cidr)
    {
        var set = Set();

        Assert.Equal(OccupyResult.OutOfRange, set.Occupy(IPNetwork.Parse(cidr)));
        Assert.Equal(0, set.Used);
        Assert.Equal("10.244.0.0/24", Next(set));
    }

    [Fact]
    public void Exhaustion_is_reported_and_a_released_subnet_is_given_again()
    {
        var set = Set("10.244.0.0/22", 24);
        for (var i = 0; i < 4; i++) Assert.NotEqual("none", Next(set));

        Assert.Equal("none", Next(set));
        set.Release(IPNetwork.Parse("10.244.2.0/24"));
        Assert.Equal("10.244.2.0/24", Next(set));
        Assert.Equal("none", Next(set));
    }

    [Fact]
    public void A_released_subnet_is_not_the_next_one_handed_out_while_others_are_free()
    {
        var set = Set("10.244.0.0/22", 24);
        var first = Next(set);
        set.Release(IPNetwork.Parse(first));

        Assert.Equal("10.244.1.0/24", Next(set));
    }

    [Theory]
    [InlineData("10.244.0.0/16", 15)]
    [InlineData("10.244.0.0/16", 31)]
    [InlineData("10.0.0.0/8", 25)]
    [InlineData("fd00::/48", 64)]
    public void A_mask_size_the_range_cannot_hold_is_rejected(string cluster, int mask) =>
        Assert.Throws<ArgumentException>(() => Set(cluster, mask));
}
