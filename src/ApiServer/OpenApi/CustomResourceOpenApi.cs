using System.Text.Json.Nodes;
using Cluster.ApiServer.Registry;

namespace Cluster.ApiServer.OpenApi;

/// <summary>
/// The OpenAPI of custom resources, shaped as apiextensions-apiserver publishes it so that kubectl's
/// <c>explain</c> and its field-validation check work: per version a schema named after the reversed group
/// (<c>dev.example.v1.Widget</c>) with <c>x-kubernetes-group-version-kind</c>, metadata referring to ObjectMeta, a list
/// schema, and the REST paths (collection, item, status, scale) with PATCH operations that take
/// <c>fieldValidation</c> and no strategic merge patch. Operations are made from the built-in templates
/// (<see cref="OpenApiTemplates"/>). Pure: builds new documents from immutable input.
/// </summary>
public sealed class CustomResourceOpenApi(OpenApiTemplates templates)
{
    private const string ObjectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    private const string ListMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta";

    /// <summary>The v3 document of one group-version's custom resources (added to <paramref name="builtIn"/> when the group-version also has built-in kinds).</summary>
    public JsonObject V3Document(IReadOnlyList<ResourceDefinition> resources, JsonObject? builtIn)
    {
        var doc = builtIn ?? new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes CRD Swagger", ["version"] = "v0.1.0" },
            ["paths"] = new JsonObject(),
            ["components"] = new JsonObject { ["schemas"] = new JsonObject() },
        };
        var paths = (JsonObject)(doc["paths"] ??= new JsonObject());
        var components = (JsonObject)(doc["components"] ??= new JsonObject());
        var schemas = (JsonObject)(components["schemas"] ??= new JsonObject());
        foreach (var (name, json) in templates.Components)
            if (!schemas.ContainsKey(name)) schemas[name] = JsonNode.Parse(json);
        foreach (var r in resources)
        {
            schemas[SchemaName(r)] = ObjectSchema(r, "#/components/schemas/");
            schemas[SchemaName(r) + "List"] = ListSchema(r, "#/components/schemas/");
            foreach (var (path, item) in Paths(r, v2: false)) paths[path] = item;
        }
        return doc;
    }

    /// <summary>The v2 paths and definitions of <paramref name="r"/>, to add to the built-in v2 document.</summary>
    public (IEnumerable<(string Path, JsonObject Item)> Paths, IEnumerable<(string Name, JsonObject Schema)> Definitions) V2(ResourceDefinition r) =>
        (Paths(r, v2: true), [(SchemaName(r), ToV2(ObjectSchema(r, "#/definitions/"))), (SchemaName(r) + "List", ToV2(ListSchema(r, "#/definitions/")))]);

    /// <summary>The component name upstream gives a custom resource's schema: the reversed group, the version, the kind.</summary>
    public static string SchemaName(ResourceDefinition r) =>
        $"{string.Join('.', r.Group.Split('.').Reverse())}.{r.Version}.{r.Kind}";

    private static JsonObject ObjectSchema(ResourceDefinition r, string refPrefix)
    {
        var schema = JsonNode.Parse(r.Custom!.DeclaredSchema.GetRawText()) as JsonObject ?? [];
        schema["type"] ??= "object";
        var properties = (JsonObject)(schema["properties"] as JsonObject ?? (schema["properties"] = new JsonObject()));
        properties["apiVersion"] = new JsonObject
        {
            ["description"] = "APIVersion defines the versioned schema of this representation of an object.",
            ["type"] = "string",
        };
        properties["kind"] = new JsonObject { ["description"] = "Kind is a string value representing the REST resource this object represents.", ["type"] = "string" };
        properties["metadata"] = new JsonObject
        {
            ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = refPrefix + ObjectMeta }),
            ["description"] = "Standard object's metadata.",
        };
        schema["x-kubernetes-group-version-kind"] = new JsonArray(Gvk(r.Group, r.Version, r.Kind));
        return schema;
    }

    private static JsonObject ListSchema(ResourceDefinition r, string refPrefix) => new()
    {
        ["description"] = $"{r.ListKind} is a list of {r.Kind}",
        ["required"] = new JsonArray("items"),
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["apiVersion"] = new JsonObject { ["description"] = "APIVersion defines the versioned schema of this representation of an object.", ["type"] = "string" },
            ["items"] = new JsonObject
            {
                ["description"] = $"List of {r.Plural.ToLowerInvariant()}.",
                ["type"] = "array",
                ["items"] = new JsonObject { ["$ref"] = refPrefix + SchemaName(r) },
            },
            ["kind"] = new JsonObject { ["description"] = "Kind is a string value representing the REST resource this object represents.", ["type"] = "string" },
            ["metadata"] = new JsonObject { ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = refPrefix + ListMeta }), ["description"] = "Standard list metadata." },
        },
        ["x-kubernetes-group-version-kind"] = new JsonArray(Gvk(r.Group, r.Version, r.ListKind)),
    };

    private IEnumerable<(string Path, JsonObject Item)> Paths(ResourceDefinition r, bool v2)
    {
        var base_ = $"/apis/{r.Group}/{r.Version}";
        var collection = r.Namespaced ? $"{base_}/namespaces/{{namespace}}/{r.Plural}" : $"{base_}/{r.Plural}";
        yield return (collection, Path(v2 ? templates.CollectionV2 : templates.Collection, r, v2));
        yield return (collection + "/{name}", Path(v2 ? templates.ItemV2 : templates.Item, r, v2));
        if (r.Namespaced) yield return ($"{base_}/{r.Plural}", Path(v2 ? templates.AllNamespacesV2 : templates.AllNamespaces, r, v2));
        if (r.HasStatus) yield return (collection + "/{name}/status", Path(v2 ? templates.StatusV2 : templates.Status, r, v2));
        if (r.HasScale) yield return (collection + "/{name}/scale", Path(v2 ? templates.ScaleV2 : templates.Scale, r, v2, scale: true));
    }

    private static JsonObject Path(OpenApiTemplates.PathTemplate t, ResourceDefinition r, bool v2, bool scale = false)
    {
        var id = string.Concat(r.Group.Split('.', '-').Select(Capitalize)) + Capitalize(r.Version);
        var tag = $"{r.Group.Replace('.', '_').Replace('-', '_')}_{r.Version}";
        var json = t.Json
            .Replace(t.SchemaPrefix + t.Kind + "List", SchemaName(r) + "List", StringComparison.Ordinal)
            .Replace(t.SchemaPrefix + t.Kind, SchemaName(r), StringComparison.Ordinal)
            .Replace(t.GroupVersionId, id, StringComparison.Ordinal)
            .Replace($"\"{t.Tag}\"", $"\"{tag}\"", StringComparison.Ordinal)
            .Replace(t.Kind, r.Kind, StringComparison.Ordinal);
        if (!r.Namespaced) json = json.Replace("Namespaced" + r.Kind, r.Kind, StringComparison.Ordinal);
        var item = (JsonObject)JsonNode.Parse(json)!;
        if (!r.Namespaced) RemoveNamespaceParameters(item);
        foreach (var (_, node) in item)
        {
            if (node is not JsonObject operation || operation["x-kubernetes-action"] is null) continue;
            if (!r.Namespaced) RemoveNamespaceParameters(operation);
            if (!scale) operation["x-kubernetes-group-version-kind"] = Gvk(r.Group, r.Version, r.Kind);
            if (v2)
            {
                FilterTypes(operation["consumes"] as JsonArray);
                FilterTypes(operation["produces"] as JsonArray);
                continue;
            }
            FilterContent(operation["requestBody"]?["content"] as JsonObject);
            if (operation["responses"] is JsonObject responses)
                foreach (var (_, response) in responses) FilterContent(response?["content"] as JsonObject);
        }
        return item;
    }

    // Custom resources speak JSON and YAML only, and take no strategic merge patch.
    private static bool Unsupported(string mediaType) =>
        mediaType.Contains("protobuf", StringComparison.Ordinal) || mediaType.Contains("cbor", StringComparison.Ordinal)
        || mediaType == "application/strategic-merge-patch+json";

    private static void FilterContent(JsonObject? content)
    {
        if (content is null) return;
        foreach (var type in content.Select(p => p.Key).Where(Unsupported).ToList()) content.Remove(type);
    }

    private static void FilterTypes(JsonArray? types)
    {
        if (types is null) return;
        for (var i = types.Count - 1; i >= 0; i--)
            if (types[i] is JsonValue v && v.TryGetValue<string>(out var type) && Unsupported(type)) types.RemoveAt(i);
    }

    private static void RemoveNamespaceParameters(JsonObject holder)
    {
        if (holder["parameters"] is not JsonArray parameters) return;
        for (var i = parameters.Count - 1; i >= 0; i--)
        {
            var p = parameters[i];
            if ((string?)p?["name"] == "namespace" || ((string?)p?["$ref"])?.StartsWith("#/parameters/namespace-", StringComparison.Ordinal) == true) parameters.RemoveAt(i);
        }
    }

    /// <summary>A v3 schema as a v2 definition: references under #/definitions, allOf-wrapped references unwrapped, no nullable.</summary>
    private static JsonObject ToV2(JsonObject schema)
    {
        var copy = (JsonObject)schema.DeepClone();
        Rewrite(copy);
        return copy;

        static void Rewrite(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    o.Remove("nullable");
                    if (o["allOf"] is JsonArray { Count: 1 } all && all[0] is JsonObject only && only["$ref"] is { } reference)
                    {
                        o.Remove("allOf");
                        o["$ref"] = reference.DeepClone();
                    }
                    foreach (var (_, child) in o.ToList()) Rewrite(child);
                    break;
                case JsonArray a:
                    foreach (var child in a) Rewrite(child);
                    break;
            }
        }
    }

    private static JsonObject Gvk(string group, string version, string kind) => new() { ["group"] = group, ["kind"] = kind, ["version"] = version };

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
