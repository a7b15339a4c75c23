namespace Cluster.Kubelet.Cgroups;

/// <summary>
/// Container cgroup settings from requests and limits as the kubelet derives them: cpu shares from the cpu request
/// (1024 per core, at least 2; 2 with no request), a CFS quota from the cpu limit over a 100 ms period (at least 1 ms),
/// the memory limit in bytes; and the cgroup v2 equivalents (cpu.weight from shares, cpu.max, memory.max).
/// </summary>
public static class CgroupResources
{
    public const long MinShares = 2;
    public const long MaxShares = 262144;
    public const long SharesPerCpu = 1024;
    public const long QuotaPeriodMicros = 100_000;
    public const long MinQuotaMicros = 1000;

    /// <summary>cpu.shares (v1) for a cpu request in millicores (0 or none: the minimum).</summary>
    public static long CpuShares(long requestMilli)
    {
        if (requestMilli <= 0) return MinShares;
        var shares = requestMilli * SharesPerCpu / 1000;
        return Math.Clamp(shares, MinShares, MaxShares);
    }

    /// <summary>cpu.cfs_quota_us for a cpu limit in millicores, or null (no quota) when there is no limit.</summary>
    public static long? CpuQuota(long? limitMilli, long periodMicros = QuotaPeriodMicros)
    {
        if (limitMilli is not > 0) return null;
        return Math.Max(MinQuotaMicros, limitMilli.Value * periodMicros / 1000);
    }

    /// <summary>cgroup v2 cpu.weight from v1 shares (the conversion runc and the kubelet use).</summary>
    public static long CpuWeight(long shares) => shares == 0 ? 0 : 1 + ((Math.Clamp(shares, MinShares, MaxShares) - 2) * 9999 / 262142);

    /// <summary>cgroup v2 cpu.max: "quota period", or "max period" without a quota.</summary>
    public static string CpuMax(long? quota, long periodMicros = QuotaPeriodMicros) => $"{(quota is { } q ? q.ToString(System.Globalization.CultureInfo.InvariantCulture) : "max")} {periodMicros}";

    /// <summary>
    /// The pod-level cgroup of a QoS class: Guaranteed and Burstable pods get shares from the sum of their requests; a
    /// pod gets a quota and a memory limit only when every container limits that resource (then their sums).
    /// </summary>
    public static (long Shares, long? QuotaMicros, long? MemoryBytes) PodLevel(IReadOnlyList<(long CpuRequestMilli, long? CpuLimitMilli, long? MemoryLimitBytes)> containers)
    {
        var shares = CpuShares(containers.Sum(c => c.CpuRequestMilli));
        long? quota = containers.Count > 0 && containers.All(c => c.CpuLimitMilli is > 0) ? CpuQuota(containers.Sum(c => c.CpuLimitMilli!.Value)) : null;
        long? memory = containers.Count > 0 && containers.All(c => c.MemoryLimitBytes is > 0) ? containers.Sum(c => c.MemoryLimitBytes!.Value) : null;
        return (shares, quota, memory);
    }
}
