using System.Text.Json.Serialization;

namespace Cluster.Kubelet.Containers.Oci;

/// <summary>The parts of an OCI runtime bundle's <c>config.json</c> (runtime-spec 1.0.2) the kubelet writes for runc.</summary>
public sealed record OciSpec
{
    public string OciVersion { get; init; } = "1.0.2";
    public required OciProcess Process { get; init; }
    public required OciRoot Root { get; init; }
    public string? Hostname { get; init; }
    public IReadOnlyList<OciMount> Mounts { get; init; } = [];
    public required OciLinux Linux { get; init; }
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}

public sealed record OciProcess
{
    public bool Terminal { get; init; }
    public required OciUser User { get; init; }
    public required IReadOnlyList<string> Args { get; init; }
    public IReadOnlyList<string> Env { get; init; } = [];
    public string Cwd { get; init; } = "/";
    public OciCapabilities? Capabilities { get; init; }
    public IReadOnlyList<OciRlimit>? Rlimits { get; init; }
    public bool NoNewPrivileges { get; init; }
    public int? OomScoreAdj { get; init; }
}

public sealed record OciUser
{
    public long Uid { get; init; }
    public long Gid { get; init; }
    public IReadOnlyList<long>? AdditionalGids { get; init; }
}

public sealed record OciCapabilities
{
    public IReadOnlyList<string> Bounding { get; init; } = [];
    public IReadOnlyList<string> Effective { get; init; } = [];
    public IReadOnlyList<string> Permitted { get; init; } = [];
    public IReadOnlyList<string>? Inheritable { get; init; }
    public IReadOnlyList<string>? Ambient { get; init; }
}

public sealed record OciRlimit(string Type, ulong Hard, ulong Soft);

public sealed record OciRoot
{
    public required string Path { get; init; }
    public bool Readonly { get; init; }
}

public sealed record OciMount
{
    public required string Destination { get; init; }
    public string? Type { get; init; }
    public string? Source { get; init; }
    public IReadOnlyList<string>? Options { get; init; }
}

public sealed record OciLinux
{
    public IReadOnlyList<OciNamespace> Namespaces { get; init; } = [];
    public string? CgroupsPath { get; init; }
    public OciResources? Resources { get; init; }
    public IReadOnlyList<string>? MaskedPaths { get; init; }
    public IReadOnlyList<string>? ReadonlyPaths { get; init; }
    public IReadOnlyDictionary<string, string>? Sysctl { get; init; }
}

/// <summary>A namespace of the container: a new one when <see cref="Path"/> is null, else the one pinned at that path.</summary>
public sealed record OciNamespace(string Type, string? Path = null);

public sealed record OciResources
{
    public IReadOnlyList<OciDeviceRule>? Devices { get; init; }
    public OciMemory? Memory { get; init; }
    public OciCpu? Cpu { get; init; }
    public OciPids? Pids { get; init; }
}

public sealed record OciDeviceRule(bool Allow, string Access, string? Type = null, long? Major = null, long? Minor = null);

public sealed record OciMemory
{
    public long? Limit { get; init; }
    public long? Swap { get; init; }
}

public sealed record OciCpu
{
    public ulong? Shares { get; init; }
    public long? Quota { get; init; }
    public ulong? Period { get; init; }
}

public sealed record OciPids(long Limit);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false)]
[JsonSerializable(typeof(OciSpec))]
public sealed partial class OciJsonContext : JsonSerializerContext;
