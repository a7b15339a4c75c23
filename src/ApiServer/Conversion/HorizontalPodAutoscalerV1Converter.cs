using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Conversion;

/// <summary>
/// Serves HorizontalPodAutoscalers stored as autoscaling/v2 to autoscaling/v1 clients, with
/// <see cref="HorizontalPodAutoscalerConversion"/>. Stateless; share <see cref="Instance"/>.
/// </summary>
public sealed class HorizontalPodAutoscalerV1Converter : IVersionConverter
{
    public static HorizontalPodAutoscalerV1Converter Instance { get; } = new();

    /// <summary>The version this converter serves: autoscaling/v1.</summary>
    public string ServedApiVersion => HorizontalPodAutoscalerConversion.V1ApiVersion;

    public string StorageApiVersion => HorizontalPodAutoscalerConversion.V2ApiVersion;

    public JsonObject ToStorage(JsonObject served) => HorizontalPodAutoscalerConversion.ToV2(served);

    public JsonObject FromStorage(JsonObject stored) => HorizontalPodAutoscalerConversion.ToV1(stored);
}
