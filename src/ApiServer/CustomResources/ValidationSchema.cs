using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Cluster.ApiServer.CustomResources;

/// <summary>
/// One node of a CRD version's structural schema, compiled for validation, defaulting and pruning: the type and
/// Kubernetes extensions, the value constraints (enum, pattern, bounds, lengths, counts, format) and the default.
/// Built once per CRD change by <see cref="Compile"/>; immutable afterwards and safe to share between threads
/// (defaults and enum values are held as JSON text or <see cref="JsonElement"/>s, never as shared mutable nodes).
/// </summary>
public sealed class ValidationSchema
{
    private static readonly FrozenDictionary<string, ValidationSchema> NoProperties = FrozenDictionary<string, ValidationSchema>.Empty;

    /// <summary>"object", "array", "string", "integer", "number", "boolean", or null (untyped).</summary>
    public string? Type { get; private init; }
    public string? Format { get; private init; }
    public bool Nullable { get; private init; }
    public bool IntOrString { get; private init; }
    public bool PreserveUnknownFields { get; private init; }
    public bool EmbeddedResource { get; private init; }
    public IReadOnlyDictionary<string, ValidationSchema> Properties { get; private init; } = NoProperties;
    public ValidationSchema? Items { get; private init; }

    /// <summary>The value schema of a map (<c>additionalProperties</c> as a schema), or null.</summary>
    public ValidationSchema? AdditionalProperties { get; private init; }

    public IReadOnlyList<string> Required { get; private init; } = [];
    public IReadOnlyList<JsonElement> Enum { get; private init; } = [];
    public string? Pattern { get; private init; }

    /// <summary><see cref="Pattern"/> compiled, or null when there is none or it is not a valid expression.</summary>
    public Regex? PatternRegex { get; private init; }

    public double? Minimum { get; private init; }
    public double? Maximum { get; private init; }
    public bool ExclusiveMinimum { get; private init; }
    public bool ExclusiveMaximum { get; private init; }
    public double? MultipleOf { get; private init; }
    public long? MinLength { get; private init; }
    public long? MaxLength { get; private init; }
    public long? MinItems { get; private init; }
    public long? MaxItems { get; private init; }
    public long? MinProperties { get; private init; }
    public long? MaxProperties { get; private init; }
    public bool UniqueItems { get; private init; }

    /// <summary>"atomic", "set", "map" or null.</summary>
    public string? ListType { get; private init; }
    public IReadOnlyList<string> ListMapKeys { get; private init; } = [];

    /// <summary>The default as JSON text, or null when the node has none.</summary>
    public string? DefaultJson { get; private init; }

    /// <summary>True when this node or a node below it declares a default.</summary>
    public bool HasDefaults { get; private init; }

    /// <summary>A fresh copy of the default (null when there is none or it is JSON null).</summary>
    public JsonNode? NewDefault() => DefaultJson is null ? null : JsonNode.Parse(DefaultJson);

    /// <summary>The schema of field <paramref name="name"/> of an object of this schema, or null if unknown.</summary>
    public ValidationSchema? Field(string name) => Properties.TryGetValue(name, out var p) ? p : AdditionalProperties;

    /// <summary>Compiles a JSON schema (a CRD version's <c>openAPIV3Schema</c>); the input is read, never retained.</summary>
    public static ValidationSchema Compile(JsonObject schema)
    {
        var properties = schema["properties"] is JsonObject props
            ? props.Where(p => p.Value is JsonObject).ToFrozenDictionary(p => p.Key, p => Compile((JsonObject)p.Value!), StringComparer.Ordinal)
            : NoProperties;
        var items = schema["items"] is JsonObject i ? Compile(i) : null;
        var additional = schema["additionalProperties"] switch
        {
            JsonObject a => Compile(a),
            JsonValue v when v.TryGetValue<bool>(out var allowed) && allowed => new ValidationSchema { PreserveUnknownFields = true },
            _ => null,
        };
        var pattern = Text(schema["pattern"]);
        var defaultJson = schema.TryGetPropertyValue("default", out var fallback) ? fallback?.ToJsonString() ?? "null" : null;
        return new ValidationSchema
        {
            Type = Text(schema["type"]),
            Format = Text(schema["format"]),
            Nullable = Bool(schema["nullable"]),
            IntOrString = Bool(schema["x-kubernetes-int-or-string"]),
            PreserveUnknownFields = Bool(schema["x-kubernetes-preserve-unknown-fields"]),
            EmbeddedResource = Bool(schema["x-kubernetes-embedded-resource"]),
            Properties = properties,
            Items = items,
            AdditionalProperties = additional,
            Required = Strings(schema["required"]),
            Enum = schema["enum"] is JsonArray values ? [.. values.Select(Element)] : [],
            Pattern = pattern,
            PatternRegex = pattern is null ? null : TryRegex(pattern),
            Minimum = Double(schema["minimum"]),
            Maximum = Double(schema["maximum"]),
            ExclusiveMinimum = Bool(schema["exclusiveMinimum"]),
            ExclusiveMaximum = Bool(schema["exclusiveMaximum"]),
            MultipleOf = Double(schema["multipleOf"]),
            MinLength = Long(schema["minLength"]),
            MaxLength = Long(schema["maxLength"]),
            MinItems = Long(schema["minItems"]),
            MaxItems = Long(schema["maxItems"]),
            MinProperties = Long(schema["minProperties"]),
            MaxProperties = Long(schema["maxProperties"]),
            UniqueItems = Bool(schema["uniqueItems"]),
            ListType = Text(schema["x-kubernetes-list-type"]),
            ListMapKeys = Strings(schema["x-kubernetes-list-map-keys"]),
            DefaultJson = defaultJson,
            HasDefaults = defaultJson is not null || properties.Values.Any(p => p.HasDefaults) || items?.HasDefaults == true || additional?.HasDefaults == true,
        };
    }

    /// <summary>The pattern as a .NET expression with a match timeout, or null if it does not parse.</summary>
    public static Regex? TryRegex(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Reads JSON as a standalone element (immutable, so it can be shared).</summary>
    public static JsonElement Element(JsonNode? node)
    {
        using var doc = JsonDocument.Parse(node?.ToJsonString() ?? "null");
        return doc.RootElement.Clone();
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static bool Bool(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static long? Long(JsonNode? node) => JsonNumbers.TryLong(node, out var l) ? l : null;

    private static double? Double(JsonNode? node) => JsonNumbers.TryDouble(node, out var d) ? d : null;

    private static string[] Strings(JsonNode? node) =>
        node is JsonArray a ? [.. a.Select(Text).OfType<string>()] : [];
}
