using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.ApiServer.Schema;

namespace Cluster.ApiServer.Apply;

/// <summary>
/// The <c>default</c> values the OpenAPI documents declare on component properties, which
/// <see cref="SchemaNode"/> does not carry. Field management needs them twice, as the API server does: a list-map
/// item that omits a key field is identified by the key's default (a container port without <c>protocol</c> is
/// <c>k:{"containerPort":80,"protocol":"TCP"}</c>), and on create the "old" object is the kind's Go zero value,
/// whose non-pointer struct fields (<c>default: {}</c>) and required fields exist before the new object is
/// compared with it. Lookups go by component name (<see cref="SchemaNode.Name"/> or
/// <see cref="SchemaNode.ReferenceName"/>); inline schemas (CRDs) have none. Immutable; share one instance.
/// </summary>
public sealed class SchemaDefaults
{
    private const int MaxDepth = 32;
    private const string ObjectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

    private readonly FrozenDictionary<string, FrozenDictionary<string, JsonElement>> _byComponent;
    private readonly ConditionalWeakTable<SchemaNode, JsonObject> _sharedZeroValues = new();

    private SchemaDefaults(FrozenDictionary<string, FrozenDictionary<string, JsonElement>> byComponent)
    {
        _byComponent = byComponent;
    }

    /// <summary>No defaults: key fields must be present, and created objects are compared with an empty object.</summary>
    public static SchemaDefaults None { get; } =
        new(FrozenDictionary<string, FrozenDictionary<string, JsonElement>>.Empty);

    /// <summary>Reads <c>components.schemas.*.properties.*.default</c> from parsed OpenAPI v3 documents (first definition wins).</summary>
    public static SchemaDefaults Load(IEnumerable<JsonObject> documents)
    {
        var byComponent = new Dictionary<string, FrozenDictionary<string, JsonElement>>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            if (document["components"]?["schemas"] is not JsonObject schemas)
            {
                continue;
            }

            foreach (var (name, schema) in schemas)
            {
                if (byComponent.ContainsKey(name) || schema?["properties"] is not JsonObject properties)
                {
                    continue;
                }

                var defaults = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var (property, propertySchema) in properties)
                {
                    if (propertySchema is JsonObject declared && declared.TryGetPropertyValue("default", out var value))
                    {
                        defaults[property] = JsonValues.ToElement(value);
                    }
                }

                byComponent[name] = defaults.ToFrozenDictionary(StringComparer.Ordinal);
            }
        }

        return new(byComponent.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>Loads every <c>*.json</c> OpenAPI document in <paramref name="directory"/>, in ordinal name order.</summary>
    public static SchemaDefaults LoadDirectory(string directory)
    {
        var files = Directory.GetFiles(directory, "*.json");
        Array.Sort(files, StringComparer.Ordinal);
        return Load(files.Select(file =>
        {
            using var stream = File.OpenRead(file);
            return JsonNode.Parse(stream) as JsonObject ?? throw new InvalidDataException($"{file} is not a JSON object");
        }).ToList());
    }

    /// <summary>The declared default of <paramref name="property"/> in the object schema, or null when none is declared.</summary>
    public JsonElement? PropertyDefault(SchemaNode objectSchema, string property) =>
        ComponentName(objectSchema) is { } name
        && _byComponent.TryGetValue(name, out var defaults)
        && defaults.TryGetValue(property, out var value)
            ? value
            : null;

    /// <summary>
    /// The Go zero value of a built-in kind as the API server sees it before a create: struct-valued fields
    /// (declared <c>default: {}</c>) present and filled recursively, required fields present with their default
    /// or null. An empty object for kinds without known defaults.
    /// </summary>
    public JsonObject ZeroValue(SchemaNode kind) => ZeroValue(kind, new HashSet<string>(StringComparer.Ordinal), 0);

    /// <summary>
    /// <see cref="ZeroValue(SchemaNode)"/> built once per schema and shared by every caller: it must only be read.
    /// Every node in it is materialized up front, so concurrent readers never race on a lazy initialization.
    /// </summary>
    internal JsonObject SharedZeroValue(SchemaNode kind) =>
        _sharedZeroValues.TryGetValue(kind, out var zero) ? zero : _sharedZeroValues.GetValue(kind, MaterializedZeroValue);

    private JsonObject MaterializedZeroValue(SchemaNode kind)
    {
        var zero = ZeroValue(kind);
        JsonValues.Materialize(zero);
        return zero;
    }

    private JsonObject ZeroValue(SchemaNode node, HashSet<string> visiting, int depth)
    {
        var result = new JsonObject();
        var name = ComponentName(node);
        if (depth > MaxDepth || name is null || !visiting.Add(name))
        {
            return result;
        }

        var required = node.Required;
        foreach (var (property, schema) in node.Properties)
        {
            var declared = PropertyDefault(node, property);
            if (declared is { ValueKind: JsonValueKind.Object } structDefault)
            {
                var value = ZeroValue(schema, visiting, depth + 1);
                foreach (var field in structDefault.EnumerateObject())
                {
                    value[field.Name] ??= JsonValues.ToNode(field.Value);
                }

                result[property] = value;
            }
            else if (required.Contains(property))
            {
                result[property] = declared is { } scalar ? JsonValues.ToNode(scalar) : null;
            }
        }

        if (name == ObjectMeta)
        {
            // metav1.Time is a struct, so a zero ObjectMeta still serializes "creationTimestamp": null.
            result["creationTimestamp"] = null;
        }

        visiting.Remove(name);
        return result;
    }

    private static string? ComponentName(SchemaNode node) => node.Name ?? node.ReferenceName;
}
