using System.Text.Json.Serialization;

namespace Marathon;

/// <summary>Source-generated JSON for the App kind, with Kubernetes conventions (camelCase, nulls left out).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(App))]
public sealed partial class MarathonJson : JsonSerializerContext;
