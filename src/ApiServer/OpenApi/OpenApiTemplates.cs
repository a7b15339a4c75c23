using System.Text.Json.Nodes;

namespace Cluster.ApiServer.OpenApi;

/// <summary>
/// The parts of the vendored OpenAPI documents that the documents of custom resources are made from: the path items
/// of a namespaced built-in resource (ConfigMap: collection, item, every namespace; ResourceQuota: status;
/// Deployment: scale) in v3 and v2 form, and the v3 component schemas those operations and an object's metadata refer
/// to (ObjectMeta, ListMeta, Status, DeleteOptions, Patch, Scale and what they use). Extracted once; every member is
/// JSON text, so each use parses its own copy and nothing mutable is shared.
/// </summary>
public sealed class OpenApiTemplates
{
    private static readonly string[] ComponentRoots =
    [
        "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta",
        "io.k8s.apimachinery.pkg.apis.meta.v1.Status", "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions",
        "io.k8s.apimachinery.pkg.apis.meta.v1.Patch", "io.k8s.api.autoscaling.v1.Scale",
    ];

    /// <summary>A path item to copy, and what in it names the built-in resource.</summary>
    public sealed record PathTemplate(string Json, string Kind, string SchemaPrefix, string GroupVersionId, string Tag);

    public required PathTemplate Collection { get; init; }
    public required PathTemplate Item { get; init; }
    public required PathTemplate AllNamespaces { get; init; }
    public required PathTemplate Status { get; init; }
    public required PathTemplate Scale { get; init; }
    public required PathTemplate CollectionV2 { get; init; }
    public required PathTemplate ItemV2 { get; init; }
    public required PathTemplate AllNamespacesV2 { get; init; }
    public required PathTemplate StatusV2 { get; init; }
    public required PathTemplate ScaleV2 { get; init; }

    /// <summary>The v3 component schemas every custom resource document carries, by name, as JSON text.</summary>
    public required IReadOnlyDictionary<string, string> Components { get; init; }

    /// <summary>Reads the templates from the core/v1 and apps/v1 v3 documents and the v2 document.</summary>
    public static OpenApiTemplates Extract(JsonObject coreV3, JsonObject appsV3, JsonObject v2)
    {
        var schemas = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var doc in (JsonObject[])[coreV3, appsV3])
            if (doc["components"]?["schemas"] is JsonObject s)
                foreach (var (name, schema) in s) schemas.TryAdd(name, schema);
        var components = new Dictionary<string, string>(StringComparer.Ordinal);
        var pending = new Stack<string>(ComponentRoots);
        while (pending.TryPop(out var name))
        {
            if (components.ContainsKey(name) || !schemas.TryGetValue(name, out var schema) || schema is null) continue;
            var json = schema.ToJsonString();
            components[name] = json;
            foreach (var reference in References(schema)) pending.Push(reference);
        }
        const string Core = "io.k8s.api.core.v1.", Apps = "io.k8s.api.apps.v1.";
        PathTemplate Template(JsonObject doc, string path, string kind, string prefix, string id, string tag) =>
            new(doc["paths"]?[path]?.ToJsonString() ?? throw new InvalidOperationException($"the OpenAPI document lacks {path}"), kind, prefix, id, tag);
        return new OpenApiTemplates
        {
            Collection = Template(coreV3, "/api/v1/namespaces/{namespace}/configmaps", "ConfigMap", Core, "CoreV1", "core_v1"),
            Item = Template(coreV3, "/api/v1/namespaces/{namespace}/configmaps/{name}", "ConfigMap", Core, "CoreV1", "core_v1"),
            AllNamespaces = Template(coreV3, "/api/v1/configmaps", "ConfigMap", Core, "CoreV1", "core_v1"),
            Status = Template(coreV3, "/api/v1/namespaces/{namespace}/resourcequotas/{name}/status", "ResourceQuota", Core, "CoreV1", "core_v1"),
            Scale = Template(appsV3, "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale", "Deployment", Apps, "AppsV1", "apps_v1"),
            CollectionV2 = Template(v2, "/api/v1/namespaces/{namespace}/configmaps", "ConfigMap", Core, "CoreV1", "core_v1"),
            ItemV2 = Template(v2, "/api/v1/namespaces/{namespace}/configmaps/{name}", "ConfigMap", Core, "CoreV1", "core_v1"),
            AllNamespacesV2 = Template(v2, "/api/v1/configmaps", "ConfigMap", Core, "CoreV1", "core_v1"),
            StatusV2 = Template(v2, "/api/v1/namespaces/{namespace}/resourcequotas/{name}/status", "ResourceQuota", Core, "CoreV1", "core_v1"),
            ScaleV2 = Template(v2, "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale", "Deployment", Apps, "AppsV1", "apps_v1"),
            Components = components,
        };
    }

    /// <summary>The component names a schema refers to (<c>#/components/schemas/&lt;name&gt;</c>).</summary>
    public static IEnumerable<string> References(JsonNode? node)
    {
        const string Prefix = "#/components/schemas/";
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    if (key == "$ref" && value is JsonValue v && v.TryGetValue<string>(out var target) && target.StartsWith(Prefix, StringComparison.Ordinal))
                        yield return target[Prefix.Length..];
                    else foreach (var name in References(value)) yield return name;
                }
                break;
            case JsonArray a:
                foreach (var item in a)
                    foreach (var name in References(item)) yield return name;
                break;
        }
    }
}
