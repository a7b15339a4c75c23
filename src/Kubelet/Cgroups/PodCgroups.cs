using System.Globalization;
using Cluster.Kubelet.Containers;

namespace Cluster.Kubelet.Cgroups;

/// <summary>
/// The pod-level cgroups the kubelet keeps (kubepods/&lt;qos&gt;/pod&lt;uid&gt;): made with the pod's cpu and memory
/// values before its containers start (runc puts each container beneath), removed when the pod is gone. On cgroup v1
/// the directory exists in each hierarchy the limits live in; on v2 once, with the controllers enabled above it.
/// </summary>
public sealed class PodCgroups(CgroupVersion version, string root = CgroupLayout.Root)
{
    private static readonly string[] V1Hierarchies = ["cpu", "cpuacct", "memory", "pids"];

    public CgroupVersion Version => version;

    public void Ensure(string podCgroup, PodCgroupLimits limits)
    {
        var quota = limits.CpuQuotaMicros;
        if (version == CgroupVersion.V1)
        {
            foreach (var hierarchy in V1Hierarchies)
                if (Directory.Exists(Path.Combine(root, hierarchy))) Directory.CreateDirectory(Path.Combine(root, hierarchy, podCgroup.TrimStart('/')));
            var cpu = Path.Combine(root, "cpu", podCgroup.TrimStart('/'));
            Write(cpu, "cpu.shares", Number(limits.CpuShares));
            Write(cpu, "cpu.cfs_quota_us", quota is { } q ? Number(q) : "-1");
            // A lower limit than the current usage is refused by the kernel; the pod's containers are its only users.
            Write(Path.Combine(root, "memory", podCgroup.TrimStart('/')), "memory.limit_in_bytes", limits.MemoryBytes is { } m ? Number(m) : "-1");
            return;
        }

        var path = root;
        foreach (var part in podCgroup.Trim('/').Split('/'))
        {
            EnableControllers(path);
            path = Path.Combine(path, part);
            Directory.CreateDirectory(path);
        }

        Write(path, "cpu.weight", Number(CgroupResources.CpuWeight(limits.CpuShares)));
        Write(path, "cpu.max", CgroupResources.CpuMax(quota));
        Write(path, "memory.max", limits.MemoryBytes is { } max ? Number(max) : "max");
    }

    /// <summary>Removes the pod's cgroup directories (their container cgroups must be gone); missing ones are fine.</summary>
    public void Remove(string podCgroup)
    {
        var relative = podCgroup.TrimStart('/');
        var candidates = version == CgroupVersion.V1
            ? Directory.EnumerateDirectories(root).Select(h => Path.Combine(h, relative))
            : [Path.Combine(root, relative)];
        foreach (var dir in candidates)
        {
            if (!Directory.Exists(dir)) continue;
            // Leftover child cgroups (a container whose runc delete failed) would keep the directory busy.
            foreach (var child in Directory.EnumerateDirectories(dir)) TryRemoveDirectory(child);
            TryRemoveDirectory(dir);
        }
    }

    /// <summary>The memory cgroup's OOM-kill count for a cgroup path, or 0 when it cannot be read.</summary>
    public long OomKills(string cgroupPath)
    {
        var file = version == CgroupVersion.V1
            ? Path.Combine(root, "memory", cgroupPath.TrimStart('/'), "memory.oom_control")
            : Path.Combine(root, cgroupPath.TrimStart('/'), "memory.events");
        try
        {
            foreach (var line in File.ReadLines(file))
                if (line.StartsWith("oom_kill ", StringComparison.Ordinal)) return long.Parse(line.AsSpan(9), CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return 0;
    }

    private static void EnableControllers(string dir)
    {
        var controllers = Path.Combine(dir, "cgroup.subtree_control");
        if (!File.Exists(controllers)) return;
        var enabled = File.ReadAllText(controllers).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var missing = new[] { "cpu", "memory", "pids" }.Except(enabled).Select(c => "+" + c).ToArray();
        if (missing.Length > 0) File.WriteAllText(controllers, string.Join(' ', missing));
    }

    private static void Write(string dir, string file, string value)
    {
        var path = Path.Combine(dir, file);
        if (File.Exists(path)) File.WriteAllText(path, value);
    }

    private static void TryRemoveDirectory(string dir)
    {
        try
        {
            Directory.Delete(dir);
        }
        catch (IOException)
        {
        }
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
