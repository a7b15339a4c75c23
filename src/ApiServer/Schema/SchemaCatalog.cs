using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Schema;

/// <summary>
/// The component schemas of a set of OpenAPI v3 documents (e.g. <c>api/openapi-spec/v3/*.json</c>), indexed by
/// component name and by the group/version/kind each declares in <c>x-kubernetes-group-version-kind</c>
/// (group "" is the core group). Component names are global: when several documents define the same name, the
/// first one loaded wins (the Kubernetes documents repeat identical copies). Immutable once loaded; share it.
/// </summary>
public sealed class SchemaCatalog
{
    private readonly FrozenDictionary<string, SchemaNode> _byName;
    private readonly FrozenDictionary<(string Group, string Version, string Kind), SchemaNode> _byKind;

    private SchemaCatalog(IEnumerable<JsonObject> documents)
    {
        var sources = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var kinds = new Dictionary<(string, string, string), string>();
        foreach (var document in documents)
        {
            if (document["components"]?["schemas"] is not JsonObject schemas)
            {
                continue;
            }

            foreach (var (name, value) in schemas)
            {
                if (value is not JsonObject schema || !sources.TryAdd(name, schema))
                {
                    continue;
                }

                foreach (var gvk in GroupVersionKinds(schema))
                {
                    kinds.TryAdd(gvk, name);
                }
            }
        }

        var builder = new SchemaNodeBuilder(ResolveReference);
        var nodes = new Dictionary<string, SchemaNode>(sources.Count, StringComparer.Ordinal);
        foreach (var (name, schema) in sources)
        {
            nodes[name] = builder.Build(schema, name);
        }

        // References are only followed after this point, so the resolver sees every component.
        _byName = nodes.ToFrozenDictionary(StringComparer.Ordinal);
        _byKind = kinds.ToFrozenDictionary(entry => entry.Key, entry => _byName[entry.Value]);
    }

    /// <summary>Every (group, version, kind) that some component schema declares.</summary>
    public IEnumerable<(string Group, string Version, string Kind)> Kinds => _byKind.Keys;

    /// <summary>Builds a catalog from parsed documents; the names only label the sources and are not used otherwise.</summary>
    public static SchemaCatalog Load(IEnumerable<(string Name, JsonObject Document)> documents) =>
        new(documents.Select(entry => entry.Document));

    /// <summary>Builds a catalog from JSON streams (read to the end, not disposed).</summary>
    /// <exception cref="InvalidDataException">A stream does not hold a JSON object.</exception>
    public static SchemaCatalog Load(IEnumerable<(string Name, Stream Document)> documents) =>
        new(documents.Select(entry => Parse(entry.Name, entry.Document)).ToList());

    /// <summary>Builds a catalog from every <c>*.json</c> file in <paramref name="directory"/>, in ordinal name order.</summary>
    public static SchemaCatalog LoadDirectory(string directory)
    {
        var files = Directory.GetFiles(directory, "*.json");
        Array.Sort(files, StringComparer.Ordinal);
        var documents = new List<JsonObject>(files.Length);
        foreach (var file in files)
        {
            using var stream = File.OpenRead(file);
            documents.Add(Parse(file, stream));
        }

        return new SchemaCatalog(documents);
    }

    /// <summary>The schema of the kind, or null when no component declares it. Group "" is the core group.</summary>
    public SchemaNode? ForKind(string group, string version, string kind) =>
        _byKind.TryGetValue((group, version, kind), out var node) ? node : null;

    /// <summary>The component schema with this name (e.g. <c>io.k8s.api.core.v1.PodSpec</c>), or null.</summary>
    public SchemaNode? ByName(string componentName) =>
        _byName.TryGetValue(componentName, out var node) ? node : null;

    private SchemaNode? ResolveReference(string name)
    {
        if (!_byName.TryGetValue(name, out var target))
        {
            return null;
        }

        // A chain of components that only refer onwards must end somewhere; a loop resolves to nothing.
        var seen = new HashSet<string>(StringComparer.Ordinal) { name };
        var current = target;
        while (current.ReferenceName is { } next)
        {
            if (!seen.Add(next))
            {
                return null;
            }

            if (!_byName.TryGetValue(next, out current))
            {
                break;
            }
        }

        return target;
    }

    private static IEnumerable<(string, string, string)> GroupVersionKinds(JsonObject schema)
    {
        if (schema["x-kubernetes-group-version-kind"] is not JsonArray entries)
        {
            yield break;
        }

        foreach (var entry in entries.OfType<JsonObject>())
        {
            if (Text(entry["group"]) is { } group && Text(entry["version"]) is { } version
                && Text(entry["kind"]) is { } kind)
            {
                yield return (group, version, kind);
            }
        }
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static JsonObject Parse(string name, Stream stream)
    {
        try
        {
            return JsonNode.Parse(stream) as JsonObject
                ?? throw new InvalidDataException($"OpenAPI document {name} is not a JSON object");
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"OpenAPI document {name} is not valid JSON: {error.Message}", error);
        }
    }
}
