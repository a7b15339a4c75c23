using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.CustomResources;

/// <summary>Reads JSON numbers whatever CLR type backs the node (request bodies hold longs, parsed documents elements).</summary>
internal static class JsonNumbers
{
    public static bool TryDouble(JsonNode? node, out double value)
    {
        value = 0;
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number) return false;
        if (v.TryGetValue(out double d)) value = d;
        else if (v.TryGetValue(out long l)) value = l;
        else if (v.TryGetValue(out int i)) value = i;
        else if (v.TryGetValue(out decimal m)) value = (double)m;
        else if (v.TryGetValue(out ulong u)) value = u;
        else return double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        return true;
    }

    public static bool TryLong(JsonNode? node, out long value)
    {
        value = 0;
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number) return false;
        if (v.TryGetValue(out long l)) value = l;
        else if (v.TryGetValue(out int i)) value = i;
        else return long.TryParse(v.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
        return true;
    }
}
