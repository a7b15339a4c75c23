using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Cluster.ApiServer.Registry;

namespace Cluster.ApiServer.OpenApi;

/// <summary>
/// The OpenAPI documents served: the official v3 document of each built-in group-version that is served (as
/// upstream ships them; their PATCH operations list <c>fieldValidation</c>, so kubectl leaves validation to the
/// server), addressed by content hash as kube-openapi does, and the v2 document.
/// </summary>
public sealed class OpenApiDocuments
{
    private const string V3Prefix = "openapi/v3/";
    private readonly Dictionary<string, OpenApiDocument> _v3 = new(StringComparer.Ordinal);

    public OpenApiDocuments(ResourceRegistry registry)
    {
        var assembly = typeof(OpenApiDocuments).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(V3Prefix, StringComparison.Ordinal)))
        {
            // "apis__apps__v1_openapi.json" -> "apis/apps/v1"
            var path = name[V3Prefix.Length..].Replace("_openapi.json", "", StringComparison.Ordinal).Replace("__", "/", StringComparison.Ordinal);
            var parts = path.Split('/');
            var (group, version) = parts[0] == "api" ? ("", parts[1]) : (parts[1], parts[2]);
            if (!registry.HasGroupVersion(group, version)) continue;
            _v3[path] = new OpenApiDocument(path, Read(assembly, name));
        }
        V2 = ReadCompressed(assembly, "openapi/v2/swagger.json.gz");
    }

    /// <summary>The v2 (swagger) document, JSON.</summary>
    public byte[] V2 { get; }

    public IReadOnlyCollection<OpenApiDocument> V3 => _v3.Values;

    /// <summary>The v3 document of a group-version path such as <c>apis/apps/v1</c>.</summary>
    public OpenApiDocument? Find(string path) => _v3.GetValueOrDefault(path);

    /// <summary>The <c>/openapi/v3</c> index: each path and the hashed URL to fetch it from.</summary>
    public JsonObject Index()
    {
        var paths = new JsonObject();
        foreach (var doc in _v3.Values.OrderBy(d => d.Path, StringComparer.Ordinal))
            paths[doc.Path] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{doc.Path}?hash={doc.Hash}" };
        return new JsonObject { ["paths"] = paths };
    }

    private static byte[] ReadCompressed(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"missing resource {name}");
        using var gzip = new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionMode.Decompress);
        using var copy = new MemoryStream();
        gzip.CopyTo(copy);
        return copy.ToArray();
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"missing resource {name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

/// <summary>One served OpenAPI v3 document and its content hash (upper-case hex SHA-512, as kube-openapi computes it).</summary>
public sealed record OpenApiDocument(string Path, byte[] Content)
{
    public string Hash { get; } = Convert.ToHexString(SHA512.HashData(Content));
}
