using System.Text;

namespace Cluster.Runtime.Client;

/// <summary>A patch body and its type.</summary>
public sealed record Patch(PatchType Type, ReadOnlyMemory<byte> Body)
{
    public static Patch Merge(string json) => new(PatchType.Merge, Encoding.UTF8.GetBytes(json));

    public static Patch Json(string json) => new(PatchType.Json, Encoding.UTF8.GetBytes(json));

    public static Patch StrategicMerge(string json) => new(PatchType.StrategicMerge, Encoding.UTF8.GetBytes(json));

    public static Patch Apply(string jsonOrYaml) => new(PatchType.Apply, Encoding.UTF8.GetBytes(jsonOrYaml));

    public string ContentType => Type switch
    {
        PatchType.Json => "application/json-patch+json",
        PatchType.Merge => "application/merge-patch+json",
        PatchType.StrategicMerge => "application/strategic-merge-patch+json",
        PatchType.Apply => "application/apply-patch+yaml",
        _ => throw new ArgumentOutOfRangeException(nameof(Type)),
    };
}
