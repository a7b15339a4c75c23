using System.Text.Json.Nodes;
using Cluster.ApiServer.Registry;

namespace Cluster.ApiServer.OpenApi;

/// <summary>
/// The OpenAPI documents served for one registry: the v3 document of each served group-version (built-in and custom),
/// the <c>/openapi/v3</c> index that addresses them by hash, and the v2 document. Immutable.
/// </summary>
public sealed class OpenApiSnapshot
{
    private readonly Dictionary<string, OpenApiDocument> _v3;

    public OpenApiSnapshot(ResourceRegistry registry, Dictionary<string, OpenApiDocument> v3, byte[] v2)
    {
        Registry = registry;
        _v3 = v3;
        V2 = v2;
        var paths = new JsonObject();
        foreach (var doc in v3.Values.OrderBy(d => d.Path, StringComparer.Ordinal))
            paths[doc.Path] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{doc.Path}?hash={doc.Hash}" };
        Index = Storage.ObjectCodec.Serialize(new JsonObject { ["paths"] = paths });
    }

    /// <summary>The registry these documents describe.</summary>
    public ResourceRegistry Registry { get; }

    public IReadOnlyCollection<OpenApiDocument> V3 => _v3.Values;

    /// <summary>The <c>/openapi/v3</c> index, JSON.</summary>
    public byte[] Index { get; }

    /// <summary>The v2 (swagger) document, JSON.</summary>
    public byte[] V2 { get; }

    /// <summary>The v3 document of a group-version path such as <c>apis/apps/v1</c>.</summary>
    public OpenApiDocument? Find(string path) => _v3.GetValueOrDefault(path);
}
