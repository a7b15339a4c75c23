using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Storage;

/// <summary>Safe reads of client-supplied JSON: a value of the wrong type reads as absent, never as an exception.</summary>
public static class JsonNodes
{
    public static string? AsString(this JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static long? AsLong(this JsonNode? node) =>
        node is JsonValue v && v.TryGetInteger(out var l) ? l : null;

    /// <summary>An integral JSON number as a long, whatever CLR type backs the value (nodes built in code hold ints, doubles...).</summary>
    public static bool TryGetInteger(this JsonValue value, out long result)
    {
        result = 0;
        if (value.GetValueKind() != JsonValueKind.Number) return false;
        if (value.TryGetValue(out result)) return true;
        if (value.TryGetValue<int>(out var i)) { result = i; return true; }
        if (value.TryGetValue<uint>(out var u)) { result = u; return true; }
        if (value.TryGetValue<short>(out var sh)) { result = sh; return true; }
        if (value.TryGetValue<ulong>(out var ul) && ul <= long.MaxValue) { result = (long)ul; return true; }
        if (value.TryGetValue<double>(out var d) && double.IsFinite(d) && Math.Floor(d) == d && d is >= long.MinValue and < long.MaxValue) { result = (long)d; return true; }
        if (value.TryGetValue<decimal>(out var m) && decimal.Floor(m) == m && m is >= long.MinValue and <= long.MaxValue) { result = (long)m; return true; }
        return false;
    }

    public static bool? AsBool(this JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValue<bool>() : null;

    /// <summary>The node at a dotted path (<c>spec.nodeName</c>), or null.</summary>
    public static JsonNode? At(this JsonObject obj, string dottedPath)
    {
        JsonNode? node = obj;
        foreach (var part in dottedPath.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
            if (node is null) return null;
        }
        return node;
    }

    /// <summary>A scalar as the string a field selector compares against: strings as they are, numbers and booleans printed.</summary>
    public static string? ScalarText(this JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.True => "true",
        JsonValue v when v.GetValueKind() is JsonValueKind.False => "false",
        JsonValue v when v.GetValueKind() is JsonValueKind.Number => v.ToJsonString(),
        _ => null,
    };
}
