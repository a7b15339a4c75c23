using System.Text.Json.Serialization;

namespace Cluster.Kubelet.Network;

/// <summary>The hostPort mappings a sandbox published, kept on disk so the NAT chain can be rebuilt after a restart.</summary>
public sealed record HostPortRecord(string SandboxId, string PodNamespace, string PodName, string PodIp, IReadOnlyList<HostPortMapping> Mappings);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HostPortRecord))]
internal sealed partial class NetworkJsonContext : JsonSerializerContext;
