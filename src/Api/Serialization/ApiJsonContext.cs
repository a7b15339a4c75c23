using System.Text.Json.Serialization;

namespace Cluster.Api.Serialization;

/// <summary>
/// The one source-generated serializer context for the Cluster.Api models. Its [JsonSerializable] list (every
/// generated record) is generated at build time from swagger.json (ApiJsonContext.Types.g.cs). Each record's
/// JsonTypeInfo wraps the record's generated converter, which applies the Kubernetes JSON rules: member names
/// as in the schema, null members omitted, unknown members skipped (as Kubernetes does without strict field
/// validation), IntOrString/ResourceQuantity/Time in their Kubernetes forms. The options below give the same
/// rules to values serialized through this context directly.
/// </summary>
[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Metadata,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(IntOrStringJsonConverter), typeof(ResourceQuantityJsonConverter), typeof(TimeJsonConverter)])]
public sealed partial class ApiJsonContext : JsonSerializerContext
{
}
