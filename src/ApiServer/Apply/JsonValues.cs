using System.Text.Json;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Apply;

/// <summary>
/// Value helpers shared by the apply machinery: conversions between nodes and elements, and the total order and
/// equality structured-merge-diff uses for JSON values (numbers compare numerically whatever their spelling).
/// </summary>
internal static class JsonValues
{
    public static JsonElement ToElement(JsonNode? node)
    {
        using var document = JsonDocument.Parse(node?.ToJsonString() ?? "null");
        return document.RootElement.Clone();
    }

    public static JsonElement ParseElement(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static JsonNode? ToNode(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => JsonObject.Create(element),
        JsonValueKind.Array => JsonArray.Create(element),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => JsonValue.Create(element),
    };

    /// <summary>
    /// Builds every object's and array's members now. Nodes created over a <see cref="JsonElement"/> build them on
    /// first access, which is not thread-safe; a materialized tree can be read from many threads.
    /// </summary>
    public static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, value) in obj) Materialize(value);
                break;
            case JsonArray array:
                foreach (var item in array) Materialize(item);
                break;
        }
    }

    /// <summary>Deep equality of two JSON values; numbers are equal when numerically equal (1 == 1.0).</summary>
    public static bool NodesEqual(JsonNode? left, JsonNode? right) => (left, right) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (JsonObject a, JsonObject b) => ObjectsEqual(a, b),
        (JsonArray a, JsonArray b) => ArraysEqual(a, b),
        (JsonValue a, JsonValue b) => ScalarsEqual(a, b),
        _ => false,
    };

    private static bool ArraysEqual(JsonArray a, JsonArray b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!NodesEqual(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ObjectsEqual(JsonObject a, JsonObject b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var (key, value) in a)
        {
            if (!b.TryGetPropertyValue(key, out var other) || !NodesEqual(value, other))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ScalarsEqual(JsonValue a, JsonValue b)
    {
        var kindA = a.GetValueKind();
        var kindB = b.GetValueKind();
        if (kindA == JsonValueKind.Number && kindB == JsonValueKind.Number)
        {
            return TryGetInt64(a, out var x) && TryGetInt64(b, out var y) ? x == y : CompareNumbers(ToElement(a), ToElement(b)) == 0;
        }

        if (kindA != kindB)
        {
            return false;
        }

        if (kindA != JsonValueKind.String)
        {
            return kindA is JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null;
        }

        // Parsed strings compare by their JSON text first, which allocates nothing; only differing text with escapes
        // in it can still spell the same string.
        if (a.TryGetValue(out JsonElement ea) && b.TryGetValue(out JsonElement eb))
        {
            var rawA = JsonMarshal.GetRawUtf8Value(ea);
            var rawB = JsonMarshal.GetRawUtf8Value(eb);
            if (rawA.SequenceEqual(rawB))
            {
                return true;
            }

            if (!rawA.Contains((byte)'\\') && !rawB.Contains((byte)'\\'))
            {
                return false;
            }
        }

        return a.GetValue<string>() == b.GetValue<string>();
    }

    /// <summary>The value as a 64-bit integer without re-parsing it, when it is one (parsed or set from a CLR integer).</summary>
    private static bool TryGetInt64(JsonValue value, out long result)
    {
        if (value.TryGetValue(out JsonElement element))
        {
            return element.TryGetInt64(out result);
        }

        if (value.TryGetValue(out long l))
        {
            result = l;
            return true;
        }

        if (value.TryGetValue(out int i))
        {
            result = i;
            return true;
        }

        result = 0;
        return false;
    }

    /// <summary>
    /// The total order structured-merge-diff defines on values: numbers, then strings, booleans, lists, maps and
    /// null; numbers numerically, strings by UTF-8 bytes, lists element-wise, maps by sorted keys.
    /// </summary>
    public static int Compare(JsonElement left, JsonElement right)
    {
        var rankLeft = Rank(left.ValueKind);
        var rankRight = Rank(right.ValueKind);
        if (rankLeft != rankRight)
        {
            return rankLeft.CompareTo(rankRight);
        }

        return left.ValueKind switch
        {
            JsonValueKind.Number => CompareNumbers(left, right),
            JsonValueKind.String => CompareStrings(left.GetString()!, right.GetString()!),
            JsonValueKind.True or JsonValueKind.False => (left.ValueKind == JsonValueKind.True).CompareTo(right.ValueKind == JsonValueKind.True),
            JsonValueKind.Array => CompareArrays(left, right),
            JsonValueKind.Object => CompareObjects(left, right),
            _ => 0,
        };
    }

    /// <summary>Orders strings as Go does (by UTF-8 bytes, which is code point order).</summary>
    public static int CompareStrings(string left, string right)
    {
        var length = Math.Min(left.Length, right.Length);
        for (var i = 0; i < length; i++)
        {
            var a = left[i];
            var b = right[i];
            if (a != b)
            {
                return CodePointRank(a).CompareTo(CodePointRank(b));
            }
        }

        return left.Length.CompareTo(right.Length);
    }

    // UTF-16 puts surrogates (supplementary code points) below U+E000..U+FFFF; UTF-8 puts them above.
    private static int CodePointRank(char c) => char.IsSurrogate(c) ? c + 0x10000 : c;

    private static int Rank(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Number => 0,
        JsonValueKind.String => 1,
        JsonValueKind.True or JsonValueKind.False => 2,
        JsonValueKind.Array => 3,
        JsonValueKind.Object => 4,
        _ => 5,
    };

    private static int CompareNumbers(JsonElement left, JsonElement right)
    {
        if (left.TryGetInt64(out var a) && right.TryGetInt64(out var b))
        {
            return a.CompareTo(b);
        }

        return left.GetDouble().CompareTo(right.GetDouble());
    }

    private static int CompareArrays(JsonElement left, JsonElement right)
    {
        var a = left.EnumerateArray().ToList();
        var b = right.EnumerateArray().ToList();
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            var c = Compare(a[i], b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Count.CompareTo(b.Count);
    }

    private static int CompareObjects(JsonElement left, JsonElement right)
    {
        var a = left.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        var b = right.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        var keys = a.Keys.Union(b.Keys).ToList();
        keys.Sort(CompareStrings);
        var index = 0;
        foreach (var key in keys)
        {
            int c;
            if (index == a.Count)
            {
                c = -1;
            }
            else if (index == b.Count)
            {
                c = 1;
            }
            else if (!a.TryGetValue(key, out var x))
            {
                c = 1;
            }
            else if (!b.TryGetValue(key, out var y))
            {
                c = -1;
            }
            else
            {
                c = Compare(x, y);
            }

            if (c != 0)
            {
                return c;
            }

            index++;
        }

        return 0;
    }
}
