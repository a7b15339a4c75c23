using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Strategies.Shared;

/// <summary>
/// Typed reads and defaulting writes on Kubernetes objects in JSON form. Reads are lenient: a field of the
/// wrong JSON type reads as absent (its Go zero value), as the typed checks belong to the schema layer.
/// </summary>
internal static class Node
{
    public static JsonObject? Obj(JsonObject? o, string key) => o?[key] as JsonObject;

    public static JsonArray? Arr(JsonObject? o, string key) => o?[key] as JsonArray;

    /// <summary>The string value, or null when absent or not a string.</summary>
    public static string? Str(JsonObject? o, string key) => AsString(o?[key]);

    /// <summary>The string value, or "" (Go's zero value) when absent or not a string.</summary>
    public static string S(JsonObject? o, string key) => AsString(o?[key]) ?? string.Empty;

    public static string? AsString(JsonNode? n) =>
        n is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static long? Int(JsonObject? o, string key) => AsLong(o?[key]);

    /// <summary>The integer value of a JSON number (integral doubles included), or null.</summary>
    public static long? AsLong(JsonNode? n)
    {
        if (n is not JsonValue v || v.GetValueKind() != JsonValueKind.Number)
        {
            return null;
        }

        if (v.TryGetValue<long>(out var l))
        {
            return l;
        }

        if (v.TryGetValue<int>(out var i))
        {
            return i;
        }

        if (v.TryGetValue<JsonElement>(out var e) && e.TryGetInt64(out l))
        {
            return l;
        }

        var d = v.TryGetValue<double>(out var dd) ? dd : e.ValueKind == JsonValueKind.Number ? e.GetDouble() : double.NaN;
        return !double.IsNaN(d) && Math.Floor(d) == d && Math.Abs(d) < 9.2e18 ? (long)d : null;
    }

    public static bool? Bool(JsonObject? o, string key) =>
        o?[key] is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValue<bool>() : null;

    /// <summary>Whether the field is present with a non-null value.</summary>
    public static bool Has(JsonObject? o, string key) => o?[key] is not null;

    /// <summary>Whether the field is absent, null, an empty string, an empty array or an empty object.</summary>
    public static bool IsEmpty(JsonNode? n) => n switch
    {
        null => true,
        JsonArray a => a.Count == 0,
        JsonObject o => o.Count == 0,
        JsonValue v => v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length == 0,
        _ => false,
    };

    /// <summary>The object under <paramref name="key"/>, created (replacing null or a non-object) when missing.</summary>
    public static JsonObject Ensure(JsonObject o, string key)
    {
        if (o[key] is JsonObject existing)
        {
            return existing;
        }

        var created = new JsonObject();
        o[key] = created;
        return created;
    }

    /// <summary>Sets <paramref name="key"/> when it is absent or null (a Go nil pointer, map or slice).</summary>
    public static void Default(JsonObject o, string key, JsonNode value)
    {
        if (o[key] is null)
        {
            o[key] = value;
        }
    }

    /// <summary>Sets a string field when it is absent, null or "" (a Go string's zero value).</summary>
    public static void DefaultString(JsonObject o, string key, string value)
    {
        if (o[key] is null || AsString(o[key]) is { Length: 0 })
        {
            o[key] = value;
        }
    }

    /// <summary>Sets a non-pointer integer field when it is absent, null or 0 (its zero value).</summary>
    public static void DefaultNonZero(JsonObject o, string key, int value)
    {
        if (o[key] is null || AsLong(o[key]) == 0)
        {
            o[key] = value;
        }
    }

    /// <summary>The object elements of an array with their indexes; non-objects are skipped.</summary>
    public static IEnumerable<(JsonObject Item, int Index)> Objects(JsonArray? a)
    {
        if (a is null)
        {
            yield break;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (a[i] is JsonObject o)
            {
                yield return (o, i);
            }
        }
    }

    /// <summary>The string elements of an array (non-strings read as "").</summary>
    public static List<string> Strings(JsonArray? a) => a is null ? [] : a.Select(n => AsString(n) ?? string.Empty).ToList();

    /// <summary>The string entries of a map object (non-strings read as "").</summary>
    public static List<KeyValuePair<string, string>> StringMap(JsonObject? o) =>
        o is null ? [] : o.Select(kv => new KeyValuePair<string, string>(kv.Key, AsString(kv.Value) ?? string.Empty)).ToList();

    /// <summary>Count of a JSON array or object; 0 for anything else.</summary>
    public static int Count(JsonNode? n) => n switch
    {
        JsonArray a => a.Count,
        JsonObject o => o.Count,
        _ => 0,
    };
}
