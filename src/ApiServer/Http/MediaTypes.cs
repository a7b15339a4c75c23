namespace Cluster.ApiServer.Http;

/// <summary>The media types the API speaks.</summary>
public static class MediaTypes
{
    public const string Json = "application/json";
    public const string Yaml = "application/yaml";
    public const string Protobuf = "application/vnd.kubernetes.protobuf";
    public const string JsonPatch = "application/json-patch+json";
    public const string MergePatch = "application/merge-patch+json";
    public const string StrategicMergePatch = "application/strategic-merge-patch+json";
    public const string ApplyPatchYaml = "application/apply-patch+yaml";

    public static readonly IReadOnlyList<string> PatchTypes = [JsonPatch, MergePatch, StrategicMergePatch, ApplyPatchYaml];
    public static readonly IReadOnlyList<string> BodyTypes = [Json, Yaml, Protobuf];

    /// <summary>The media type without parameters, lower-cased; empty when the header is missing (which means JSON).</summary>
    public static string BaseOf(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return "";
        var semi = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semi < 0 ? contentType : contentType[..semi]).Trim().ToLowerInvariant();
    }
}
