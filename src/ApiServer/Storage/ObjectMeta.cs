using System.Globalization;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Storage;

/// <summary>Reads and writes the <c>metadata</c> fields of an object held as JSON.</summary>
public static class ObjectMeta
{
    public static JsonObject Of(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject meta) return meta;
        meta = [];
        obj["metadata"] = meta;
        return meta;
    }

    public static string Name(JsonObject obj) => StringAt(obj, "name");
    public static string Namespace(JsonObject obj) => StringAt(obj, "namespace");
    public static string GenerateName(JsonObject obj) => StringAt(obj, "generateName");
    public static string Uid(JsonObject obj) => StringAt(obj, "uid");
    public static string ResourceVersion(JsonObject obj) => StringAt(obj, "resourceVersion");

    public static long Generation(JsonObject obj) =>
        obj["metadata"]?["generation"].AsLong() ?? 0;

    public static bool IsDeleting(JsonObject obj) => obj["metadata"]?["deletionTimestamp"] is not null;

    public static IReadOnlyList<string> Finalizers(JsonObject obj) =>
        obj["metadata"]?["finalizers"] is JsonArray a
            ? [.. a.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : "")]
            : [];

    public static void SetResourceVersion(JsonObject obj, long revision) =>
        Of(obj)["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture);

    public static string StringAt(JsonObject obj, string field) =>
        obj["metadata"] is JsonObject m && m[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Labels as a dictionary; non-string values (invalid anyway) are skipped.</summary>
    public static Dictionary<string, string> Labels(JsonObject obj)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj["metadata"]?["labels"] is JsonObject l)
        {
            foreach (var (k, v) in l)
            {
                if (v is JsonValue jv && jv.TryGetValue<string>(out var s)) labels[k] = s;
            }
        }
        return labels;
    }
}
