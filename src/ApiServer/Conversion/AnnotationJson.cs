using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.ApiServer.Apply;

namespace Cluster.ApiServer.Conversion;

/// <summary>
/// JSON carried inside annotation strings. Writing is compact, keeps property order (struct field order, as Go's
/// encoder writes structs) and escapes strings as Go does (<c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c>, U+2028/9 as
/// <c>\u</c> escapes). Reading never throws: text that is not JSON reads as null, and a repeated key keeps its
/// last value, as Go's decoder does.
/// </summary>
internal static class AnnotationJson
{
    public static string Write(JsonNode? node)
    {
        var builder = new StringBuilder();
        Write(builder, node);
        return builder.ToString();
    }

    /// <summary>
    /// The parsed text, or null when it is not JSON (or not valid UTF-16); <paramref name="valid"/> tells JSON null apart.
    /// </summary>
    public static JsonNode? Read(string text, out bool valid)
    {
        valid = false;
        try
        {
            using var document = JsonDocument.Parse(text);
            valid = true;
            return ToNode(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            valid = false;
            return null;
        }
    }

    private static JsonNode? ToNode(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    obj[property.Name] = ToNode(property.Value);
                }

                return obj;
            case JsonValueKind.Array:
                var array = new JsonArray();
                foreach (var item in element.EnumerateArray())
                {
                    array.Add(ToNode(item));
                }

                return array;
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.String:
                return JsonValue.Create(element.GetString());
            default:
                return JsonValue.Create(element.Clone());
        }
    }

    private static void Write(StringBuilder builder, JsonNode? node)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case JsonObject obj:
                builder.Append('{');
                var first = true;
                foreach (var (name, child) in obj)
                {
                    if (!first) builder.Append(',');
                    first = false;
                    GoJson.WriteString(builder, name);
                    builder.Append(':');
                    Write(builder, child);
                }

                builder.Append('}');
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0) builder.Append(',');
                    Write(builder, array[i]);
                }

                builder.Append(']');
                break;
            default:
                var value = node.AsValue();
                if (JsonFields.Kind(value) == JsonValueKind.String)
                {
                    GoJson.WriteString(builder, JsonFields.AsString(value) ?? string.Empty);
                }
                else
                {
                    builder.Append(value.ToJsonString());
                }

                break;
        }
    }
}
