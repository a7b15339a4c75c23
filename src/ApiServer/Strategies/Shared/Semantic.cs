using System.Text;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Strategies.Shared;

/// <summary>
/// Equality of JSON values the way upstream's apiequality.Semantic compares decoded Go structs: a missing
/// field, a null and an empty list are the same value (nil and empty slices are equal there).
/// </summary>
internal static class Semantic
{
    public static bool Equal(JsonNode? a, JsonNode? b)
    {
        if (IsNil(a) || IsNil(b))
        {
            return IsNil(a) && IsNil(b);
        }

        switch (a)
        {
            case JsonObject oa when b is JsonObject ob:
                foreach (var key in oa.Select(kv => kv.Key).Union(ob.Select(kv => kv.Key)))
                {
                    if (!Equal(oa[key], ob[key]))
                    {
                        return false;
                    }
                }

                return true;
            case JsonArray aa when b is JsonArray ab:
                return aa.Count == ab.Count && aa.Zip(ab).All(p => Equal(p.First, p.Second));
            default:
                return JsonNode.DeepEquals(a, b);
        }
    }

    /// <summary>
    /// A short description of what differs, one line per changed leaf (<c>-</c> old, <c>+</c> new), appended to
    /// Forbidden messages where upstream prints a Go struct diff.
    /// </summary>
    public static string Diff(JsonNode? oldValue, JsonNode? newValue, string path)
    {
        var sb = new StringBuilder();
        AppendDiff(sb, oldValue, newValue, path);
        return sb.ToString();
    }

    private static void AppendDiff(StringBuilder sb, JsonNode? a, JsonNode? b, string path)
    {
        if (Equal(a, b))
        {
            return;
        }

        if (a is JsonObject oa && b is JsonObject ob)
        {
            foreach (var key in oa.Select(kv => kv.Key).Union(ob.Select(kv => kv.Key)))
            {
                AppendDiff(sb, oa[key], ob[key], path + "." + key);
            }

            return;
        }

        if (a is JsonArray aa && b is JsonArray ab && aa.Count == ab.Count)
        {
            for (var i = 0; i < aa.Count; i++)
            {
                AppendDiff(sb, aa[i], ab[i], path + "[" + i + "]");
            }

            return;
        }

        sb.Append("- ").Append(path).Append(": ").Append(a?.ToJsonString() ?? "null").Append('\n');
        sb.Append("+ ").Append(path).Append(": ").Append(b?.ToJsonString() ?? "null").Append('\n');
    }

    private static bool IsNil(JsonNode? n) => n is null || n is JsonArray { Count: 0 };
}
