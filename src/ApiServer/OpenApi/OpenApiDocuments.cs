using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Cluster.ApiServer.Registry;

namespace Cluster.ApiServer.OpenApi;

/// <summary>
/// The OpenAPI documents served: the official v3 document of each built-in group-version that is served (as
/// upstream ships them; their PATCH operations list <c>fieldValidation</c>, so kubectl leaves validation to the
/// server), addressed by content hash as kube-openapi does, and the v2 document; plus, for a registry with custom
/// resources, their documents (<see cref="CustomResourceOpenApi"/>). Thread-safe: <see cref="For"/> builds a snapshot
/// per registry and keeps the latest.
/// </summary>
public sealed class OpenApiDocuments
{
    private const string V3Prefix = "openapi/v3/";
    private readonly Dictionary<string, OpenApiDocument> _builtIn = new(StringComparer.Ordinal);
    private readonly byte[] _v2;
    private readonly Lazy<OpenApiTemplates> _templates;
    private readonly Lazy<SwaggerSplice> _splice;
    private OpenApiSnapshot _latest;

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
            _builtIn[path] = new OpenApiDocument(path, Read(assembly, name));
        }
        _v2 = ReadCompressed(assembly, "openapi/v2/swagger.json.gz");
        _templates = new(() => OpenApiTemplates.Extract(Parse(Read(assembly, V3Prefix + "api__v1_openapi.json")),
            Parse(Read(assembly, V3Prefix + "apis__apps__v1_openapi.json")), Parse(_v2)));
        _splice = new(() => new SwaggerSplice(_v2));
        _latest = new OpenApiSnapshot(registry, _builtIn, _v2);
    }

    /// <summary>The official documents of the served built-in group-versions.</summary>
    public IReadOnlyCollection<OpenApiDocument> BuiltIn => _builtIn.Values;

    /// <summary>The documents describing <paramref name="registry"/>: built-in kinds and its custom resources.</summary>
    public OpenApiSnapshot For(ResourceRegistry registry)
    {
        var latest = Volatile.Read(ref _latest);
        if (ReferenceEquals(latest.Registry, registry)) return latest;
        var built = Build(registry);
        Volatile.Write(ref _latest, built); // concurrent builders each publish a complete snapshot; the newest registry soon wins
        return built;
    }

    private OpenApiSnapshot Build(ResourceRegistry registry)
    {
        var custom = registry.All.Where(r => r.IsCustom).ToList();
        if (custom.Count == 0) return new OpenApiSnapshot(registry, _builtIn, _v2);
        var builder = new CustomResourceOpenApi(_templates.Value);
        var v3 = new Dictionary<string, OpenApiDocument>(_builtIn, StringComparer.Ordinal);
        foreach (var groupVersion in custom.GroupBy(r => $"apis/{r.Group}/{r.Version}"))
        {
            var builtIn = _builtIn.TryGetValue(groupVersion.Key, out var existing) ? Parse(existing.Content) : null;
            var doc = builder.V3Document([.. groupVersion], builtIn);
            v3[groupVersion.Key] = new OpenApiDocument(groupVersion.Key, Storage.ObjectCodec.Serialize(doc));
        }
        var paths = new List<(string, JsonObject)>();
        var definitions = new List<(string, JsonObject)>();
        foreach (var r in custom)
        {
            var (p, d) = builder.V2(r);
            paths.AddRange(p);
            definitions.AddRange(d);
        }
        return new OpenApiSnapshot(registry, v3, _splice.Value.With(paths, definitions));
    }

    private static JsonObject Parse(byte[] json) => (JsonObject)JsonNode.Parse(json)!;

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
