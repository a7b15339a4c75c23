using System.Globalization;

namespace Cluster.Kubelet.Cgroups;

/// <summary>One reading of a cgroup's cpu and memory accounting.</summary>
/// <param name="CpuUsageNanos">Total cpu time used, in nanoseconds.</param>
/// <param name="WorkingSetBytes">Usage less inactive file pages: what the kubelet reports and evicts on.</param>
public sealed record CgroupSample(DateTimeOffset Time, ulong CpuUsageNanos, ulong MemoryUsageBytes, ulong WorkingSetBytes, ulong RssBytes);

/// <summary>Reads a cgroup's cpu and memory statistics on v1 (cpuacct, memory) and v2 (cpu.stat, memory.current).</summary>
public static class CgroupStats
{
    public static CgroupSample? Read(CgroupVersion version, string cgroupPath, DateTimeOffset now, string root = CgroupLayout.Root)
    {
        var relative = cgroupPath.TrimStart('/');
        try
        {
            if (version == CgroupVersion.V1)
            {
                var cpu = ulong.Parse(File.ReadAllText(Path.Combine(root, "cpuacct", relative, "cpuacct.usage")).Trim(), CultureInfo.InvariantCulture);
                var memoryDir = Path.Combine(root, "memory", relative);
                var usage = ulong.Parse(File.ReadAllText(Path.Combine(memoryDir, "memory.usage_in_bytes")).Trim(), CultureInfo.InvariantCulture);
                var stat = Stat(Path.Combine(memoryDir, "memory.stat"));
                return new CgroupSample(now, cpu, usage, WorkingSet(usage, stat.GetValueOrDefault("total_inactive_file")), stat.GetValueOrDefault("total_rss"));
            }

            var dir = Path.Combine(root, relative);
            var cpuStat = Stat(Path.Combine(dir, "cpu.stat"));
            var current = ulong.Parse(File.ReadAllText(Path.Combine(dir, "memory.current")).Trim(), CultureInfo.InvariantCulture);
            var memory = Stat(Path.Combine(dir, "memory.stat"));
            return new CgroupSample(now, cpuStat.GetValueOrDefault("usage_usec") * 1000, current, WorkingSet(current, memory.GetValueOrDefault("inactive_file")), memory.GetValueOrDefault("anon"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            return null; // the cgroup is gone (the container ended) or not readable
        }
    }

    /// <summary>Cores in use between two readings, in billionths of a core (usageNanoCores).</summary>
    public static ulong? NanoCores(CgroupSample? before, CgroupSample now)
    {
        if (before is null || now.Time <= before.Time || now.CpuUsageNanos < before.CpuUsageNanos) return null;
        var seconds = (now.Time - before.Time).TotalSeconds;
        return (ulong)((now.CpuUsageNanos - before.CpuUsageNanos) / seconds);
    }

    private static ulong WorkingSet(ulong usage, ulong inactiveFile) => usage > inactiveFile ? usage - inactiveFile : 0;

    private static Dictionary<string, ulong> Stat(string path)
    {
        var values = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            var space = line.IndexOf(' ');
            if (space > 0 && ulong.TryParse(line.AsSpan(space + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var value)) values[line[..space]] = value;
        }

        return values;
    }
}
