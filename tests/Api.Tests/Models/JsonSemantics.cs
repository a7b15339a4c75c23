using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.Api.Serialization;

namespace Cluster.Api.Tests.Models;

/// <summary>
/// Compares an input object with its round-tripped output as Kubernetes would consider them equal:
/// numbers by value (1, 1.0 and 1e0 are equal), object members in any order, and a member whose input value is
/// null counts as absent (the models omit nulls). One relaxation, reported through the notes collection:
/// an input number may come back as the string of its literal text when it is a member of a resource-quantity
/// map (limits, requests, hard, capacity...) or a sizeLimit, and that text is a quantity (Kubernetes accepts
/// "cpu: 1" and always writes quantities as strings) — anywhere else, such as an int-or-string port, the change of
/// form is a difference; and a base64 string with line breaks
/// may come back without them when both decode to the same bytes (Kubernetes ignores the breaks when decoding
/// []byte fields and writes canonical base64).
/// </summary>
public static class JsonSemantics
{
    private static readonly HashSet<string> QuantityMaps =
        ["limits", "requests", "hard", "used", "capacity", "allocatable", "max", "min", "default", "defaultRequest", "maxLimitRequestRatio"];

    /// <summary>The first difference as "path: what", or null when the two are equal.</summary>
    public static string? Difference(JsonNode? expected, JsonNode? actual, ICollection<string>? notes = null) =>
        Difference(expected, actual, notes, "$", memberName: null, quantityAllowed: false);

    private static string? Difference(JsonNode? expected, JsonNode? actual, ICollection<string>? notes, string path, string? memberName, bool quantityAllowed)
    {
        switch (expected)
        {
            case null:
                return actual is null ? null : $"{path}: expected null/absent, got {actual.ToJsonString()}";
            case JsonObject expectedObject:
                if (actual is not JsonObject actualObject)
                {
                    return $"{path}: expected an object, got {Describe(actual)}";
                }
                foreach (var (name, value) in expectedObject)
                {
                    actualObject.TryGetPropertyValue(name, out var other);
                    var quantity = name == "sizeLimit" || (memberName is not null && QuantityMaps.Contains(memberName));
                    if (Difference(value, other, notes, $"{path}.{name}", name, quantity) is { } difference)
                    {
                        return difference;
                    }
                }
                var extra = actualObject.Select(p => p.Key).FirstOrDefault(k => !expectedObject.ContainsKey(k));
                return extra is null ? null : $"{path}.{extra}: not in the input, got {actualObject[extra]?.ToJsonString()}";
            case JsonArray expectedArray:
                if (actual is not JsonArray actualArray)
                {
                    return $"{path}: expected an array, got {Describe(actual)}";
                }
                if (expectedArray.Count != actualArray.Count)
                {
                    return $"{path}: expected {expectedArray.Count} items, got {actualArray.Count}";
                }
                for (var i = 0; i < expectedArray.Count; i++)
                {
                    if (Difference(expectedArray[i], actualArray[i], notes, $"{path}[{i}]", memberName: null, quantityAllowed: false) is { } difference)
                    {
                        return difference;
                    }
                }
                return null;
            default:
                return ValueDifference((JsonValue)expected, actual, notes, path, quantityAllowed);
        }
    }

    private static string? ValueDifference(JsonValue expected, JsonNode? actual, ICollection<string>? notes, string path, bool quantityAllowed)
    {
        if (actual is not JsonValue actualValue)
        {
            return $"{path}: expected {expected.ToJsonString()}, got {Describe(actual)}";
        }
        var expectedKind = expected.GetValueKind();
        var actualKind = actualValue.GetValueKind();
        if (expectedKind == JsonValueKind.Number && actualKind == JsonValueKind.Number)
        {
            return NumberEquals(expected.ToJsonString(), actualValue.ToJsonString()) ? null : $"{path}: expected {expected.ToJsonString()}, got {actualValue.ToJsonString()}";
        }
        if (quantityAllowed && expectedKind == JsonValueKind.Number && actualKind == JsonValueKind.String
            && actualValue.GetValue<string>() is var text && text == expected.ToJsonString() && ResourceQuantity.IsWellFormed(text))
        {
            notes?.Add($"{path}: number {text} became the quantity string \"{text}\"");
            return null;
        }
        if (expectedKind == JsonValueKind.String && actualKind == JsonValueKind.String
            && expected.GetValue<string>() is var wrapped && wrapped.Contains('\n', StringComparison.Ordinal)
            && SameBase64(wrapped, actualValue.GetValue<string>()))
        {
            notes?.Add($"{path}: base64 with line breaks came back as canonical base64");
            return null;
        }
        return JsonNode.DeepEquals(expected, actualValue) ? null : $"{path}: expected {expected.ToJsonString()}, got {actualValue.ToJsonString()}";
    }

    private static bool NumberEquals(string a, string b) =>
        a == b
        || (decimal.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
            && decimal.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y) && x == y);

    private static bool SameBase64(string wrapped, string canonical)
    {
        try
        {
            return Convert.FromBase64String(wrapped.Replace("\n", "", StringComparison.Ordinal)).AsSpan()
                .SequenceEqual(Convert.FromBase64String(canonical));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static string Describe(JsonNode? node) => node is null ? "nothing" : node.ToJsonString();
}
