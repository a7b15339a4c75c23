using System.Text.Json;

namespace Cluster.ApiGen;

/// <summary>Reads swagger.json (OpenAPI v2) into a <see cref="Spec"/>. The document is parsed once with JsonDocument.</summary>
internal static class SpecReader
{
    /// <summary>The file's bytes; a <c>.gz</c> file (how the repository keeps the 3 MB spec) is decompressed.</summary>
    private static byte[] ReadBytes(string path)
    {
        if (!path.EndsWith(".gz", StringComparison.Ordinal)) return File.ReadAllBytes(path);
        using var file = File.OpenRead(path);
        using var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress);
        using var copy = new MemoryStream();
        gzip.CopyTo(copy);
        return copy.ToArray();
    }

    public static Spec Read(string path)
    {
        // The definitions keep JsonElements pointing into the document, so it lives as long as the process.
        var document = JsonDocument.Parse(ReadBytes(path));
        var root = document.RootElement;
        var definitions = new Dictionary<string, Definition>(StringComparer.Ordinal);
        foreach (var def in root.GetProperty("definitions").EnumerateObject())
        {
            definitions.Add(def.Name, ReadDefinition(def.Name, def.Value));
        }
        return new Spec(definitions, ResourceScanner.Scan(root.GetProperty("paths")));
    }

    private static Definition ReadDefinition(string fullName, JsonElement schema)
    {
        var dot = fullName.LastIndexOf('.');
        var required = new HashSet<string>(StringComparer.Ordinal);
        if (schema.TryGetProperty("required", out var req))
        {
            foreach (var r in req.EnumerateArray())
            {
                required.Add(r.GetString()!);
            }
        }
        var properties = new List<PropertySpec>();
        if (schema.TryGetProperty("properties", out var props))
        {
            foreach (var p in props.EnumerateObject())
            {
                properties.Add(new PropertySpec(p.Name, StringOf(p.Value, "description"), required.Contains(p.Name), p.Value));
            }
        }
        var kinds = new List<GroupVersionKind>();
        if (schema.TryGetProperty("x-kubernetes-group-version-kind", out var gvks))
        {
            foreach (var g in gvks.EnumerateArray())
            {
                kinds.Add(new GroupVersionKind(StringOf(g, "group"), StringOf(g, "version"), StringOf(g, "kind")));
            }
        }
        return new Definition(
            fullName,
            fullName[..dot],
            fullName[(dot + 1)..],
            StringOf(schema, "description"),
            schema.TryGetProperty("type", out var t) ? t.GetString() : null,
            schema.TryGetProperty("format", out var f) ? f.GetString() : null,
            properties,
            kinds);
    }

    private static string StringOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
}
