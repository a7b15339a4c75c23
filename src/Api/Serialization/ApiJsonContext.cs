using System.Text.Json.Serialization;

namespace Cluster.Api.Serialization;

/// <summary>
/// The one source-generated serializer context for the Cluster.Api models. Its [JsonSerializable] list — every
/// generated record and every collection type they use — is generated at build time from swagger.json
/// (ApiJsonContext.Types.g.cs); the Kubernetes JSON rules live here: property names come from the schema through
/// [JsonPropertyName], null members are omitted, and IntOrString, ResourceQuantity and Time have their converters.
/// Unknown JSON properties are skipped, as Kubernetes does when decoding without strict field validation.
/// </summary>
[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Metadata,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(IntOrStringJsonConverter), typeof(ResourceQuantityJsonConverter), typeof(TimeJsonConverter)])]
public sealed partial class ApiJsonContext : JsonSerializerContext
{
}
