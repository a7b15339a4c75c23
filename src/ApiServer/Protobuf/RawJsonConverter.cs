using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Protobuf;

/// <summary>Turns the JSON bytes embedded in a RawExtension or FieldsV1 into a fully built <see cref="JsonNode"/>
/// (nothing parsed lazily, so later use cannot throw). Duplicate object keys keep the last value, as Go does.
/// Invalid UTF-8 or JSON raises <see cref="ProtobufDecodeException"/>; JSON null yields null.</summary>
internal static class RawJsonConverter
{
    public static JsonNode? Parse(ReadOnlySpan<byte> raw, string context)
    {
        if (!System.Text.Unicode.Utf8.IsValid(raw))
        {
            throw new ProtobufDecodeException($"{context}: embedded raw object is not valid UTF-8");
        }

        try
        {
            using var document = JsonDocument.Parse(raw.ToArray());
            return Build(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new ProtobufDecodeException($"{context}: embedded raw object is neither JSON nor Kubernetes protobuf: {e.Message}", e);
        }
    }

    private static JsonNode? Build(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    obj[Sanitize(property.Name)] = Build(property.Value);
                }

                return obj;
            case JsonValueKind.Array:
                var array = new JsonArray();
                foreach (var item in element.EnumerateArray())
                {
                    array.Add(Build(item));
                }

                return array;
            case JsonValueKind.String:
                return JsonValue.Create(Sanitize(element.GetString() ?? ""));
            case JsonValueKind.Number:
                return JsonValue.Create(element.Clone());
            case JsonValueKind.True:
                return JsonValue.Create(true);
            case JsonValueKind.False:
                return JsonValue.Create(false);
            default:
                return null;
        }
    }

    // A JSON escape can spell a lone UTF-16 surrogate, which no UTF-8 writer accepts; Go turns it into U+FFFD too.
    private static string Sanitize(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogate(text[i]) && !(char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])))
            {
                return string.Create(text.Length, text, static (span, source) =>
                {
                    source.AsSpan().CopyTo(span);
                    for (var j = 0; j < span.Length; j++)
                    {
                        if (char.IsHighSurrogate(span[j]) && j + 1 < span.Length && char.IsLowSurrogate(span[j + 1]))
                        {
                            j++;
                        }
                        else if (char.IsSurrogate(span[j]))
                        {
                            span[j] = '\uFFFD';
                        }
                    }
                });
            }

            if (char.IsHighSurrogate(text[i]))
            {
                i++;
            }
        }

        return text;
    }
}
