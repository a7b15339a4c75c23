using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Printing;

/// <summary>
/// Tolerant readers over untyped API objects: a missing field, a null, or a value of the wrong JSON kind reads
/// as absent (null / empty) instead of throwing, because printers must render whatever a stored object holds.
/// </summary>
internal static class JsonRead
{
    public static JsonNode? At(JsonNode? node, params ReadOnlySpan<string> path)
    {
        foreach (var key in path)
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(key, out node))
            {
                return null;
            }
        }
        return node;
    }

    public static string? Str(JsonNode? node, params ReadOnlySpan<string> path) =>
        At(node, path) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>The string at the path, or "" when absent (Go's zero value for a string field).</summary>
    public static string Text(JsonNode? node, params ReadOnlySpan<string> path) => Str(node, path) ?? "";

    public static long? Long(JsonNode? node, params ReadOnlySpan<string> path)
    {
        if (At(node, path) is not JsonValue v || v.GetValueKind() != JsonValueKind.Number)
        {
            return null;
        }
        var raw = v.ToJsonString();
        if (long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
        {
            return l;
        }
        return double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? (long)d : null;
    }

    public static bool? Bool(JsonNode? node, params ReadOnlySpan<string> path) =>
        At(node, path) is JsonValue v ? v.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        } : null;

    public static JsonObject? Obj(JsonNode? node, params ReadOnlySpan<string> path) => At(node, path) as JsonObject;

    public static JsonArray? Arr(JsonNode? node, params ReadOnlySpan<string> path) => At(node, path) as JsonArray;

    /// <summary>The object elements of the array at the path (non-objects skipped); empty when absent.</summary>
    public static IEnumerable<JsonObject> Objects(JsonNode? node, params ReadOnlySpan<string> path) =>
        Arr(node, path)?.OfType<JsonObject>() ?? [];

    /// <summary>The string elements of the array at the path; empty when absent.</summary>
    public static IEnumerable<string> Strings(JsonNode? node, params ReadOnlySpan<string> path) =>
        Arr(node, path)?.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String)
            .Select(v => v.GetValue<string>()) ?? [];

    /// <summary>Number of members of the object at the path (0 when absent).</summary>
    public static int Count(JsonNode? node, params ReadOnlySpan<string> path) => At(node, path) switch
    {
        JsonObject o => o.Count,
        JsonArray a => a.Count,
        _ => 0,
    };

    /// <summary>
    /// The RFC 3339 timestamp at the path, or null when absent, unparseable, or Go's zero time
    /// (0001-01-01T00:00:00Z), which the API uses for "unset".
    /// </summary>
    public static DateTimeOffset? Time(JsonNode? node, params ReadOnlySpan<string> path) => ParseTime(Str(node, path));

    public static DateTimeOffset? ParseTime(string? text) =>
        TryParseTime(text, out var t) && t.UtcTicks != DateTimeOffset.MinValue.UtcTicks ? t : null;

    /// <summary>Parses an RFC 3339 timestamp (any offset, normalised to UTC); Go's zero time parses too.</summary>
    public static bool TryParseTime(string? text, out DateTimeOffset time)
    {
        time = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        // RFC 3339 allows nanoseconds; .NET parses at most seven fractional digits.
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }
            if (end - dot - 1 > 7)
            {
                text = string.Concat(text.AsSpan(0, dot + 8), text.AsSpan(end));
            }
        }
        return DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture,
                   DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time)
               || DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture,
                   DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }

    public static double? Double(JsonNode? node, params ReadOnlySpan<string> path) =>
        At(node, path) is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d
            : null;

    /// <summary>A scalar as text the way Go's fmt would print it: strings raw, numbers and booleans literal.</summary>
    public static string? Scalar(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v => v.ToJsonString(),
        _ => null,
    };
}
