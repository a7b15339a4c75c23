using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Conversion;

/// <summary>
/// Typed reads of JSON object fields for the conversions: a field whose JSON type does not fit what the API type
/// declares reads as absent, so conversions never throw on odd client input. Returned nodes are fresh copies.
/// </summary>
internal static class JsonFields
{
    public static JsonObject? Object(JsonObject? parent, string name) =>
        Get(parent, name) as JsonObject;

    public static JsonArray? Array(JsonObject? parent, string name) =>
        Get(parent, name) as JsonArray;

    /// <summary>The elements of an array that are objects; other elements are skipped.</summary>
    public static IEnumerable<JsonObject> Objects(JsonArray? array) =>
        array is null ? [] : array.OfType<JsonObject>();

    public static string? String(JsonObject? parent, string name) => AsString(Get(parent, name));

    /// <summary>The text of a string node, or null (also for text that is not valid UTF-16).</summary>
    public static string? AsString(JsonNode? node)
    {
        if (node is not JsonValue value || Kind(value) != JsonValueKind.String) return null;
        try
        {
            return value.GetValue<string>();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    public static JsonNode? StringNode(JsonObject? parent, string name) =>
        String(parent, name) is { } text ? JsonValue.Create(text) : null;

    /// <summary>An int32 field (a JSON integer literal in range) as a fresh node, or null.</summary>
    public static JsonNode? Int32Node(JsonObject? parent, string name) =>
        Integer(Get(parent, name), int.MinValue, int.MaxValue) is { } value ? JsonValue.Create((int)value) : null;

    /// <summary>An int64 field as a fresh node, or null.</summary>
    public static JsonNode? Int64Node(JsonObject? parent, string name) =>
        Integer(Get(parent, name), long.MinValue, long.MaxValue) is { } value ? JsonValue.Create(value) : null;

    public static int? Int32(JsonObject? parent, string name) =>
        Integer(Get(parent, name), int.MinValue, int.MaxValue) is { } value ? (int)value : null;

    /// <summary>
    /// A resource quantity: Kubernetes accepts it as a JSON string or number, so both are copied as given.
    /// </summary>
    public static JsonNode? Quantity(JsonObject? parent, string name) =>
        Get(parent, name) is JsonValue value && Kind(value) is JsonValueKind.String or JsonValueKind.Number
            ? value.DeepClone()
            : null;

    /// <summary>An object-typed field copied as a whole (e.g. a label selector), or null.</summary>
    public static JsonObject? ObjectCopy(JsonObject? parent, string name) =>
        Object(parent, name)?.DeepClone().AsObject();

    /// <summary>Sets <paramref name="name"/> only when there is a value.</summary>
    public static void Put(JsonObject target, string name, JsonNode? value)
    {
        if (value is not null) target[name] = value;
    }

    /// <summary>
    /// The integer a node holds when it is an integer literal within range (Go refuses <c>1.0</c> or <c>1e2</c>
    /// for integer fields), otherwise null.
    /// </summary>
    public static long? Integer(JsonNode? node, long min, long max)
    {
        if (node is not JsonValue value || Kind(value) != JsonValueKind.Number) return null;
        var text = value.ToJsonString();
        if (text.AsSpan().IndexOfAny(".eE") >= 0) return null;
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var result)
               && result >= min && result <= max
            ? result
            : null;
    }

    public static JsonValueKind Kind(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

    private static JsonNode? Get(JsonObject? parent, string name) =>
        parent is not null && parent.TryGetPropertyValue(name, out var node) ? node : null;
}
