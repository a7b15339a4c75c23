using System.Text.Json;
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
    /// <summary>
    /// The same rules, except that reads leave <c>metadata.managedFields</c> out: for caches that never look at them
    /// (decoding them is about half the cost of reading a small pod). Writes are unchanged.
    /// </summary>
    public static ApiJsonContext WithoutManagedFields => LeanHolder.Context;

    private static class LeanHolder
    {
        public static readonly ApiJsonContext Context = Create();

        private static ApiJsonContext Create()
        {
            var options = new JsonSerializerOptions { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
            foreach (var converter in Default.Options.Converters) options.Converters.Add(converter);
            return new ApiJsonContext(options);
        }
    }
}
