using Cluster.Kubelet.Cgroups;
using Cluster.TestKit;

namespace Cluster.Kubelet.Tests.Cgroups;

public sealed class CgroupLayoutTests
{
    [Theory]
    [InlineData("Guaranteed", "/kubepods/podu1/c1")]
    [InlineData("Burstable", "/kubepods/burstable/podu1/c1")]
    [InlineData("BestEffort", "/kubepods/besteffort/podu1/c1")]
    public void Container_cgroups_nest_under_their_pod_and_qos_parents(string qos, string expected) =>
        Assert.Equal(expected, CgroupLayout.ContainerCgroup(qos, "u1", "c1"));

    [Fact]
    public void Detect_reports_v2_only_where_the_root_has_cgroup_controllers()
    {
        using var dir = new TempDirectory("cgroup-detect");
        Assert.Equal(CgroupVersion.V1, CgroupLayout.Detect(dir.Path));
        File.WriteAllText(Path.Combine(dir.Path, "cgroup.controllers"), "cpu memory pids\n");
        Assert.Equal(CgroupVersion.V2, CgroupLayout.Detect(dir.Path));
    }
}
