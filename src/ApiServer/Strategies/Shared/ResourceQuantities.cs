using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.Api.Quantities;

namespace Cluster.ApiServer.Strategies.Shared;

/// <summary>
/// Resource lists (name to quantity maps): reading quantities written as JSON strings or numbers, and the
/// canonical form a real API server returns (rounded up to milli precision, then printed canonically:
/// <c>0.5</c> becomes <c>500m</c>, <c>1024Mi</c> becomes <c>1Gi</c>).
/// </summary>
internal static class ResourceQuantities
{
    /// <summary>The quantity text of a JSON string or number; null for anything else.</summary>
    public static string? Text(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        _ => null,
    };

    /// <summary>Parses a quantity; on failure returns false and upstream's parse error.</summary>
    public static bool TryParse(JsonNode? node, out Quantity quantity, out string error)
    {
        var text = Text(node);
        if (text is null)
        {
            quantity = default;
            error = "quantities must be strings or numbers";
            return false;
        }

        try
        {
            quantity = Quantity.Parse(text);
            error = string.Empty;
            return true;
        }
        catch (FormatException e)
        {
            quantity = default;
            error = e.Message;
            return false;
        }
    }

    /// <summary>SetDefaults_ResourceList plus canonical printing, applied to every parseable entry.</summary>
    public static void Canonicalize(JsonObject? list)
    {
        if (list is null)
        {
            return;
        }

        foreach (var key in list.Select(kv => kv.Key).ToList())
        {
            if (TryParse(list[key], out var q, out _))
            {
                list[key] = RoundUpToMilli(q).ToString();
            }
        }
    }

    /// <summary>Canonical form of a single quantity field (e.g. emptyDir.sizeLimit), when parseable.</summary>
    public static void CanonicalizeField(JsonObject? owner, string key)
    {
        if (owner is not null && owner[key] is not null && TryParse(owner[key], out var q, out _))
        {
            owner[key] = q.ToString();
        }
    }

    private static Quantity RoundUpToMilli(Quantity q) =>
        q.Exponent < -3 ? Quantity.FromMilliValue(q.MilliValue(), q.Format) : q;
}
