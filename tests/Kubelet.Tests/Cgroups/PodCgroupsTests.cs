using Cluster.Kubelet.Cgroups;
using Cluster.Kubelet.Containers;
using Cluster.TestKit;

namespace Cluster.Kubelet.Tests.Cgroups;

/// <summary>The pod cgroup files on a directory laid out like each hierarchy (the kernel's files are plain files here).</summary>
public sealed class PodCgroupsTests : IDisposable
{
    private readonly TempDirectory _root = new("cgroups");

    public void Dispose() => _root.Dispose();

    private void Touch(params string[] parts)
    {
        var path = _root.Combine(parts);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
    }

    [Fact]
    public void On_v2_controllers_are_enabled_down_the_path_and_the_limits_written()
    {
        Touch("cgroup.subtree_control");
        File.WriteAllText(_root.Combine("cgroup.subtree_control"), "cpu");
        var cgroups = new PodCgroups(CgroupVersion.V2, _root.Path);
        // The kernel makes these files when the directory is made; stand in for it.
        Directory.CreateDirectory(_root.Combine("kubepods", "burstable", "podu1"));
        foreach (var file in new[] { "cpu.weight", "cpu.max", "memory.max" }) Touch("kubepods", "burstable", "podu1", file);
        Touch("kubepods", "cgroup.subtree_control");

        cgroups.Ensure("/kubepods/burstable/podu1", new PodCgroupLimits { CpuShares = 512, CpuQuotaMicros = 50_000, MemoryBytes = 128L << 20 });

        Assert.Equal("+memory +pids", File.ReadAllText(_root.Combine("cgroup.subtree_control")));
        Assert.Equal("+cpu +memory +pids", File.ReadAllText(_root.Combine("kubepods", "cgroup.subtree_control")));
        Assert.Equal("20", File.ReadAllText(_root.Combine("kubepods", "burstable", "podu1", "cpu.weight")));
        Assert.Equal("50000 100000", File.ReadAllText(_root.Combine("kubepods", "burstable", "podu1", "cpu.max")));
        Assert.Equal("134217728", File.ReadAllText(_root.Combine("kubepods", "burstable", "podu1", "memory.max")));

        cgroups.Ensure("/kubepods/burstable/podu1", new PodCgroupLimits());
        Assert.Equal("max 100000", File.ReadAllText(_root.Combine("kubepods", "burstable", "podu1", "cpu.max")));
        Assert.Equal("max", File.ReadAllText(_root.Combine("kubepods", "burstable", "podu1", "memory.max")));
    }

    [Fact]
    public void On_v1_the_pod_directory_is_made_in_each_hierarchy_with_shares_quota_and_memory_limit()
    {
        foreach (var hierarchy in new[] { "cpu", "cpuacct", "memory", "pids" }) Directory.CreateDirectory(_root.Combine(hierarchy));
        Touch("cpu", "kubepods", "podu2", "cpu.shares");
        Touch("cpu", "kubepods", "podu2", "cpu.cfs_quota_us");
        Touch("memory", "kubepods", "podu2", "memory.limit_in_bytes");
        var cgroups = new PodCgroups(CgroupVersion.V1, _root.Path);

        cgroups.Ensure("/kubepods/podu2", new PodCgroupLimits { CpuShares = 1024, CpuQuotaMicros = null, MemoryBytes = 64L << 20 });

        Assert.True(Directory.Exists(_root.Combine("pids", "kubepods", "podu2")));
        Assert.Equal("1024", File.ReadAllText(_root.Combine("cpu", "kubepods", "podu2", "cpu.shares")));
        Assert.Equal("-1", File.ReadAllText(_root.Combine("cpu", "kubepods", "podu2", "cpu.cfs_quota_us")));
        Assert.Equal("67108864", File.ReadAllText(_root.Combine("memory", "kubepods", "podu2", "memory.limit_in_bytes")));
    }

    [Theory]
    [InlineData(CgroupVersion.V1, "memory/kubepods/podu/c1/memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n", 2)]
    [InlineData(CgroupVersion.V2, "kubepods/podu/c1/memory.events", "low 0\nhigh 0\nmax 4\noom 1\noom_kill 1\n", 1)]
    [InlineData(CgroupVersion.V2, "kubepods/podu/missing/memory.events", null, 0)]
    public void Oom_kills_are_read_from_the_memory_controller(CgroupVersion version, string file, string? content, long expected)
    {
        if (content is not null)
        {
            Touch(file.Split('/'));
            File.WriteAllText(_root.Combine(file.Split('/')), content);
        }

        Assert.Equal(expected, new PodCgroups(version, _root.Path).OomKills("/kubepods/podu/c1"));
    }
}
