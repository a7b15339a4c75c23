using Cluster.Kubelet.Cgroups;

namespace Cluster.Kubelet.Tests.Cgroups;

public sealed class CgroupResourcesTests
{
    [Theory]
    [InlineData(0, 2)]
    [InlineData(1, 2)]
    [InlineData(100, 102)]
    [InlineData(250, 256)]
    [InlineData(1000, 1024)]
    [InlineData(300_000, 262144)]
    public void Shares_are_1024_per_core_between_2_and_262144(long milli, long shares) => Assert.Equal(shares, CgroupResources.CpuShares(milli));

    [Theory]
    [InlineData(null, null)]
    [InlineData(0L, null)]
    [InlineData(5L, 1000L)]
    [InlineData(250L, 25000L)]
    [InlineData(2000L, 200000L)]
    public void The_quota_is_the_limit_over_a_100ms_period_at_least_1ms(long? limitMilli, long? quota) => Assert.Equal(quota, CgroupResources.CpuQuota(limitMilli));

    [Theory]
    [InlineData(2, 1)]
    [InlineData(1024, 39)]
    [InlineData(262144, 10000)]
    public void Cgroup_v2_weight_maps_shares_onto_1_to_10000(long shares, long weight) => Assert.Equal(weight, CgroupResources.CpuWeight(shares));

    [Fact]
    public void Cpu_max_names_the_quota_or_max() =>
        Assert.Equal(("50000 100000", "max 100000"), (CgroupResources.CpuMax(50000), CgroupResources.CpuMax(null)));

    [Fact]
    public void A_pod_gets_summed_shares_and_a_quota_and_memory_limit_only_when_every_container_has_one()
    {
        Assert.Equal((1536L, (long?)150000L, (long?)768L), CgroupResources.PodLevel([(500, 500, 256), (1000, 1000, 512)]));
        Assert.Equal((1536L, (long?)null, (long?)null), CgroupResources.PodLevel([(500, 500, 256), (1000, null, null)]));
        Assert.Equal((2L, (long?)null, (long?)null), CgroupResources.PodLevel([]));
    }
}
