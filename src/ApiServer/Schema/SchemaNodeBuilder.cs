using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Schema;

/// <summary>
/// Turns one JSON Schema object into a <see cref="SchemaNode"/> tree. Inline sub-schemas are built eagerly;
/// <c>$ref</c>s become lazy references answered by <c>resolve</c> (given the component name, it returns the node
/// or null for unknown names), which lets a catalog build all components before any reference is followed.
/// </summary>
internal sealed class SchemaNodeBuilder(Func<string, SchemaNode?>? resolve)
{
    private const string ComponentsPrefix = "#/components/schemas/";
    private const string DefinitionsPrefix = "#/definitions/";

    public SchemaNode Build(JsonObject schema, string? name = null)
    {
        var referenceName = ReferenceOf(schema);
        Lazy<SchemaNode>? baseReference = null;
        if (referenceName is not null)
        {
            baseReference = Reference(referenceName);
        }
        else if (schema["allOf"] is JsonArray { Count: > 0 } allOf && allOf[0] is JsonObject first)
        {
            // Kubernetes wraps a field's type as allOf:[{$ref}] so the field can carry its own extensions.
            referenceName = ReferenceOf(first);
            baseReference = referenceName is not null ? Reference(referenceName) : new Lazy<SchemaNode>(Build(first));
        }

        var (type, nullableFromType) = ReadType(schema["type"]);
        var properties = ReadProperties(schema["properties"]);
        var items = schema["items"] is JsonObject itemsSchema ? Build(itemsSchema) : null;
        var additionalDeclared = schema.TryGetPropertyValue("additionalProperties", out var additionalNode)
            && additionalNode is JsonObject or JsonValue;
        var additional = additionalNode switch
        {
            JsonObject additionalSchema => Build(additionalSchema),
            JsonValue value when value.GetValueKind() == JsonValueKind.True => SchemaNode.Unknown,
            _ => null,
        };
        if (type is null && baseReference is null)
        {
            type = properties is not null || additional is not null ? SchemaType.Object
                : items is not null ? SchemaType.Array
                : null;
        }

        var format = ReadString(schema["format"]);
        var intOrString = ReadBool(schema["x-kubernetes-int-or-string"]);
        if (format == "int-or-string")
        {
            intOrString = true;
        }

        return new SchemaNode
        {
            Name = name,
            ReferenceName = referenceName,
            BaseReference = baseReference,
            LocalType = type,
            LocalFormat = format,
            LocalProperties = properties,
            LocalItems = items,
            LocalAdditionalPropertiesDeclared = additionalDeclared,
            LocalAdditionalProperties = additional,
            LocalRequired = ReadStrings(schema["required"]),
            LocalEnum = ReadEnum(schema["enum"]),
            LocalPatchStrategy = ReadPatchStrategy(schema["x-kubernetes-patch-strategy"]),
            LocalPatchMergeKey = ReadString(schema["x-kubernetes-patch-merge-key"]),
            LocalListType = ReadString(schema["x-kubernetes-list-type"]) switch
            {
                null => null,
                "atomic" => ListType.Atomic,
                "set" => ListType.Set,
                "map" => ListType.Map,
                _ => ListType.None,
            },
            LocalListMapKeys = ReadStrings(schema["x-kubernetes-list-map-keys"]),
            LocalMapType = ReadString(schema["x-kubernetes-map-type"]) switch
            {
                null => null,
                "atomic" => MapType.Atomic,
                "granular" => MapType.Granular,
                _ => MapType.None,
            },
            LocalIntOrString = intOrString,
            LocalPreserveUnknownFields = ReadBool(schema["x-kubernetes-preserve-unknown-fields"]),
            LocalEmbeddedResource = ReadBool(schema["x-kubernetes-embedded-resource"]),
            LocalNullable = nullableFromType ? true : ReadBool(schema["nullable"]),
        };
    }

    private Lazy<SchemaNode> Reference(string referenceName) =>
        new(() => resolve?.Invoke(referenceName) ?? SchemaNode.Unknown, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The component name a <c>$ref</c> points at, or null when the schema has no local reference.</summary>
    internal static string? ReferenceOf(JsonObject schema)
    {
        var reference = ReadString(schema["$ref"]);
        if (reference is null)
        {
            return null;
        }

        if (reference.StartsWith(ComponentsPrefix, StringComparison.Ordinal))
        {
            return reference[ComponentsPrefix.Length..];
        }

        return reference.StartsWith(DefinitionsPrefix, StringComparison.Ordinal)
            ? reference[DefinitionsPrefix.Length..]
            : reference;
    }

    private FrozenDictionary<string, SchemaNode>? ReadProperties(JsonNode? node)
    {
        if (node is not JsonObject properties)
        {
            return null;
        }

        var built = new Dictionary<string, SchemaNode>(properties.Count, StringComparer.Ordinal);
        foreach (var (name, value) in properties)
        {
            built[name] = value is JsonObject propertySchema ? Build(propertySchema) : SchemaNode.Unknown;
        }

        return built.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static (SchemaType? Type, bool Nullable) ReadType(JsonNode? node)
    {
        if (node is JsonArray types)
        {
            // JSON Schema allows ["string", "null"]: the first non-null entry is the type.
            var nullable = false;
            SchemaType? first = null;
            foreach (var entry in types)
            {
                var name = ReadString(entry);
                if (name == "null")
                {
                    nullable = true;
                }
                else if (first is null && name is not null)
                {
                    first = ParseType(name);
                }
            }

            return (first, nullable);
        }

        var single = ReadString(node);
        return (single is null ? null : ParseType(single), false);
    }

    private static SchemaType ParseType(string name) => name switch
    {
        "object" => SchemaType.Object,
        "array" => SchemaType.Array,
        "string" => SchemaType.String,
        "integer" => SchemaType.Integer,
        "number" => SchemaType.Number,
        "boolean" => SchemaType.Boolean,
        _ => SchemaType.Unknown,
    };

    private static PatchStrategy? ReadPatchStrategy(JsonNode? node)
    {
        var text = ReadString(node);
        if (text is null)
        {
            return null;
        }

        var strategy = PatchStrategy.None;
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            strategy |= part switch
            {
                "merge" => PatchStrategy.Merge,
                "retainKeys" => PatchStrategy.RetainKeys,
                "replace" => PatchStrategy.Replace,
                _ => PatchStrategy.None,
            };
        }

        return strategy;
    }

    private static JsonElement[]? ReadEnum(JsonNode? node)
    {
        if (node is not JsonArray values)
        {
            return null;
        }

        var elements = new JsonElement[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            using var document = JsonDocument.Parse(values[i]?.ToJsonString() ?? "null");
            elements[i] = document.RootElement.Clone();
        }

        return elements;
    }

    private static string[]? ReadStrings(JsonNode? node) =>
        node is JsonArray values ? values.Select(ReadString).OfType<string>().ToArray() : null;

    private static string? ReadString(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static bool? ReadBool(JsonNode? node) => node is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        }
        : null;
}
