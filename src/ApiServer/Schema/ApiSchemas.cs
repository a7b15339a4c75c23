using System.Text.Json.Nodes;
using Cluster.ApiServer.Apply;
using Cluster.ApiServer.OpenApi;

namespace Cluster.ApiServer.Schema;

/// <summary>
/// The structural schemas and schema defaults of the built-in kinds, read once (on first use) from the served
/// OpenAPI v3 documents. Thread-safe.
/// </summary>
public sealed class ApiSchemas(OpenApiDocuments documents)
{
    private readonly Lazy<(SchemaCatalog Catalog, SchemaDefaults Defaults)> _loaded = new(() =>
    {
        var parsed = documents.BuiltIn.Select(d => (d.Path, (JsonObject)JsonNode.Parse(d.Content)!)).ToList();
        return (SchemaCatalog.Load(parsed), SchemaDefaults.Load(parsed.Select(p => p.Item2)));
    });

    public SchemaCatalog Catalog => _loaded.Value.Catalog;

    /// <summary>The schema of ObjectMeta (what custom resources' metadata is pruned to).</summary>
    public SchemaNode? ObjectMeta => Catalog.ByName("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");

    /// <summary>Defaults the schemas declare (list-map keys such as a port's protocol), for field management.</summary>
    public SchemaDefaults Defaults => _loaded.Value.Defaults;
}
