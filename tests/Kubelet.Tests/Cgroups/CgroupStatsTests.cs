using Cluster.Kubelet.Cgroups;
using Cluster.TestKit;

namespace Cluster.Kubelet.Tests.Cgroups;

public sealed class CgroupStatsTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _root = new("cgstats");

    public void Dispose() => _root.Dispose();

    private void Write(string relative, string content)
    {
        var path = _root.Combine(relative.Split('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    [Fact]
    public void V1_reads_cpuacct_usage_and_the_working_set_without_inactive_files()
    {
        Write("cpuacct/kubepods/podu/cpuacct.usage", "5000000000\n");
        Write("memory/kubepods/podu/memory.usage_in_bytes", "1000000\n");
        Write("memory/kubepods/podu/memory.stat", "cache 10\nrss 300000\ntotal_rss 400000\ntotal_inactive_file 250000\n");
        var sample = CgroupStats.Read(CgroupVersion.V1, "/kubepods/podu", Now, _root.Path)!;
        Assert.Equal(5_000_000_000UL, sample.CpuUsageNanos);
        Assert.Equal(1_000_000UL, sample.MemoryUsageBytes);
        Assert.Equal(750_000UL, sample.WorkingSetBytes);
        Assert.Equal(400_000UL, sample.RssBytes);
    }

    [Fact]
    public void V2_reads_cpu_stat_in_microseconds_and_memory_current()
    {
        Write("kubepods/podu/cpu.stat", "usage_usec 2500\nuser_usec 2000\nsystem_usec 500\n");
        Write("kubepods/podu/memory.current", "2048\n");
        Write("kubepods/podu/memory.stat", "anon 1024\nfile 1024\ninactive_file 4096\n");
        var sample = CgroupStats.Read(CgroupVersion.V2, "/kubepods/podu", Now, _root.Path)!;
        Assert.Equal(2_500_000UL, sample.CpuUsageNanos);
        Assert.Equal(2048UL, sample.MemoryUsageBytes);
        Assert.Equal(0UL, sample.WorkingSetBytes);
        Assert.Equal(1024UL, sample.RssBytes);
    }

    [Fact]
    public void A_missing_cgroup_has_no_reading_and_rates_need_two_readings()
    {
        Assert.Null(CgroupStats.Read(CgroupVersion.V2, "/gone", Now, _root.Path));
        var first = new CgroupSample(Now, 1_000_000_000, 0, 0, 0);
        var second = first with { Time = Now.AddSeconds(2), CpuUsageNanos = 2_000_000_000 };
        Assert.Null(CgroupStats.NanoCores(null, second));
        Assert.Equal(500_000_000UL, CgroupStats.NanoCores(first, second));
    }
}
