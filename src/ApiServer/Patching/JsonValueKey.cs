using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Patching;

/// <summary>
/// A string that is equal for equal JSON scalars (numbers compared by value, so 80 and 80.0 match), used to
/// hash merge-key values and primitive list elements. Objects and arrays fall back to their compact JSON text.
/// </summary>
internal static class JsonValueKey
{
    public static string Of(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return node is null ? "z" : "j" + node.ToJsonString();
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.String => "s" + value.GetValue<string>(),
            JsonValueKind.Number => "n" + Number(value.ToJsonString()),
            JsonValueKind.True => "t",
            JsonValueKind.False => "f",
            JsonValueKind.Null => "z",
            _ => "j" + value.ToJsonString(),
        };
    }

    private static string Number(string text)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return integer.ToString(CultureInfo.InvariantCulture);
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
            ? real.ToString("R", CultureInfo.InvariantCulture)
            : text;
    }
}
