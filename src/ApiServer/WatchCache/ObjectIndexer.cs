using System.Text;
using System.Text.Json;
using Cluster.ApiServer.Registry;
using Cluster.ApiServer.Storage;

namespace Cluster.ApiServer.WatchCache;

/// <summary>Builds <see cref="CachedObject"/>s from stored bytes: stamps the resourceVersion and extracts labels and selectable fields.</summary>
public sealed class ObjectIndexer(ResourceDefinition resource)
{
    private readonly int _prefixLength = Encoding.UTF8.GetByteCount($"/registry/{resource.StorageResource}/");

    public CachedObject Index(ReadOnlySpan<byte> key, ReadOnlySpan<byte> stored, long resourceVersion)
    {
        var json = resource.Converter is null
            ? ResourceVersionSplicer.Stamp(stored, resourceVersion)
            : ObjectCodec.Serialize(ObjectStorage.Decode(resource, stored, resourceVersion));
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var meta = root.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
        var name = Text(meta, "name") ?? "";
        var ns = Text(meta, "namespace") ?? "";
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (meta.ValueKind == JsonValueKind.Object && meta.TryGetProperty("labels", out var l) && l.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in l.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.String) labels[p.Name] = p.Value.GetString()!;
            }
        }
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["metadata.name"] = name,
            ["metadata.namespace"] = ns,
        };
        foreach (var (label, field) in resource.SelectableFields) fields[label] = ReadPath(root, field.Path) ?? field.Default;
        var deleting = meta.ValueKind == JsonValueKind.Object && meta.TryGetProperty("deletionTimestamp", out var dt) && dt.ValueKind == JsonValueKind.String;
        return new CachedObject(Encoding.UTF8.GetString(key[_prefixLength..]), ns, name, resourceVersion, json, labels, fields, deleting);
    }

    private static string? Text(JsonElement obj, string property) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string? ReadPath(JsonElement root, string dottedPath)
    {
        var node = root;
        foreach (var part in dottedPath.Split('.'))
        {
            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(part, out node)) return null;
        }
        return node.ValueKind switch
        {
            JsonValueKind.String => node.GetString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => node.GetRawText(),
            _ => null,
        };
    }
}
