using System.Text.Json.Serialization;

namespace Cluster.Kubelet.Server;

/// <summary>The kubelet's <c>/stats/summary</c> (the Summary API that metrics-server reads), the parts we fill.</summary>
public sealed record StatsSummary(NodeStats Node, IReadOnlyList<PodStats> Pods);

public sealed record NodeStats(string NodeName, DateTimeOffset StartTime, CpuStats? Cpu, MemoryStats? Memory);

public sealed record PodStats(PodReference PodRef, DateTimeOffset StartTime, IReadOnlyList<ContainerStats> Containers, CpuStats? Cpu, MemoryStats? Memory);

public sealed record PodReference(string Name, string Namespace, string Uid);

public sealed record ContainerStats(string Name, DateTimeOffset StartTime, CpuStats? Cpu, MemoryStats? Memory);

public sealed record CpuStats(DateTimeOffset Time, ulong? UsageNanoCores, ulong UsageCoreNanoSeconds);

public sealed record MemoryStats(DateTimeOffset Time, ulong UsageBytes, ulong WorkingSetBytes, ulong RssBytes);

/// <summary>Where the kubelet API gets the summary from.</summary>
public interface IStatsProvider
{
    Task<StatsSummary> SummaryAsync(CancellationToken ct);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StatsSummary))]
public sealed partial class StatsJsonContext : JsonSerializerContext;
