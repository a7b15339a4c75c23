using System.Text.Json.Serialization;

namespace Cluster.Kubelet.Images;

/// <summary>The media types of the OCI image spec and Docker's schema 2 that we read and write.</summary>
public static class MediaTypes
{
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string OciLayer = "application/vnd.oci.image.layer.v1.tar";
    public const string OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string OciLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public const string DockerLayer = "application/vnd.docker.image.rootfs.diff.tar";

    public static bool IsIndex(string? mediaType) => mediaType is OciIndex or DockerManifestList;

    public static bool IsManifest(string? mediaType) => mediaType is OciManifest or DockerManifest;
}

/// <summary>A content descriptor: what a manifest or index says about a blob it points at.</summary>
public sealed record Descriptor
{
    public string? MediaType { get; init; }
    public required string Digest { get; init; }
    public long Size { get; init; }
    public Platform? Platform { get; init; }
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}

public sealed record Platform
{
    public string? Architecture { get; init; }
    public string? Os { get; init; }
    public string? Variant { get; init; }
}

/// <summary>An OCI image manifest or a Docker schema 2 manifest (same shape).</summary>
public sealed record ImageManifest
{
    public int SchemaVersion { get; init; } = 2;
    public string? MediaType { get; init; }
    public required Descriptor Config { get; init; }
    public IReadOnlyList<Descriptor> Layers { get; init; } = [];
}

/// <summary>An OCI image index or a Docker manifest list (same shape).</summary>
public sealed record ImageIndex
{
    public int SchemaVersion { get; init; } = 2;
    public string? MediaType { get; init; }
    public IReadOnlyList<Descriptor> Manifests { get; init; } = [];
}

/// <summary>The parts of an image config blob we read (OCI image-spec config.md).</summary>
public sealed record ImageConfigFile
{
    public string? Architecture { get; init; }
    public string? Os { get; init; }
    public ContainerConfig? Config { get; init; }
    public RootFs? Rootfs { get; init; }
}

public sealed record RootFs
{
    public string? Type { get; init; }
    [JsonPropertyName("diff_ids")]
    public IReadOnlyList<string> DiffIds { get; init; } = [];
}

/// <summary>The runtime defaults an image gives its containers (the config's <c>config</c> object).</summary>
public sealed record ContainerConfig
{
    [JsonPropertyName("User")] public string? User { get; init; }
    [JsonPropertyName("Env")] public IReadOnlyList<string>? Env { get; init; }
    [JsonPropertyName("Entrypoint")] public IReadOnlyList<string>? Entrypoint { get; init; }
    [JsonPropertyName("Cmd")] public IReadOnlyList<string>? Cmd { get; init; }
    [JsonPropertyName("WorkingDir")] public string? WorkingDir { get; init; }
    [JsonPropertyName("ExposedPorts")] public IReadOnlyDictionary<string, EmptyObject>? ExposedPorts { get; init; }
    [JsonPropertyName("Labels")] public IReadOnlyDictionary<string, string>? Labels { get; init; }
    [JsonPropertyName("StopSignal")] public string? StopSignal { get; init; }
}

/// <summary>The <c>{}</c> values of <c>ExposedPorts</c> and <c>Volumes</c>.</summary>
public sealed record EmptyObject;

/// <summary>One entry of a <c>docker save</c> archive's manifest.json.</summary>
public sealed record DockerArchiveEntry
{
    [JsonPropertyName("Config")] public required string Config { get; init; }
    [JsonPropertyName("RepoTags")] public IReadOnlyList<string>? RepoTags { get; init; }
    [JsonPropertyName("Layers")] public IReadOnlyList<string> Layers { get; init; } = [];
}

/// <summary>The registry token endpoint's answer (distribution's token spec: <c>token</c> or <c>access_token</c>).</summary>
public sealed record TokenResponse
{
    public string? Token { get; init; }
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }
    [JsonPropertyName("expires_in")]
    public int? ExpiresIn { get; init; }
}

/// <summary>A registry's error body: <c>{"errors":[{"code":"MANIFEST_UNKNOWN","message":"..."}]}</c>.</summary>
public sealed record RegistryErrors
{
    public IReadOnlyList<RegistryError>? Errors { get; init; }
}

public sealed record RegistryError
{
    public string? Code { get; init; }
    public string? Message { get; init; }
}

/// <summary>A docker config.json (<c>kubernetes.io/dockerconfigjson</c>): <c>{"auths":{host:{...}}}</c>.</summary>
public sealed record DockerConfigJson
{
    public IReadOnlyDictionary<string, DockerAuthEntry>? Auths { get; init; }
}

public sealed record DockerAuthEntry
{
    public string? Username { get; init; }
    public string? Password { get; init; }
    public string? Auth { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(ImageManifest))]
[JsonSerializable(typeof(ImageIndex))]
[JsonSerializable(typeof(ImageConfigFile))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(RegistryErrors))]
[JsonSerializable(typeof(DockerConfigJson))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, DockerAuthEntry>))]
[JsonSerializable(typeof(IReadOnlyList<DockerArchiveEntry>))]
[JsonSerializable(typeof(StoredImages))]
public sealed partial class ImagesJsonContext : JsonSerializerContext;
