using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.ApiServer.Errors;

namespace Cluster.ApiServer.Http;

/// <summary>
/// Parses request JSON into nodes in one pass, as Go's decoder reads it: a key given twice keeps its last value
/// (and is reported, for strict field validation); nesting is bounded; numbers become integers when integral.
/// Malformed JSON and invalid UTF-8 are a 400.
/// </summary>
public static class JsonBody
{
    public const int MaxDepth = 512;

    /// <summary>The parsed value, and the paths of keys that appeared more than once.</summary>
    public static JsonNode Parse(ReadOnlySpan<byte> json, out IReadOnlyList<string> duplicates)
    {
        if (json.IsEmpty) throw ApiErrors.BadRequest("the request body is empty");
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow });
        List<string>? found = null;
        try
        {
            if (!reader.Read()) throw ApiErrors.BadRequest("the request body is empty");
            var node = ReadValue(ref reader, "", ref found) ?? throw ApiErrors.BadRequest("the request body is null");
            if (reader.Read()) throw ApiErrors.BadRequest("json parse error: unexpected data after the top-level value");
            duplicates = (IReadOnlyList<string>?)found ?? [];
            return node;
        }
        catch (JsonException e)
        {
            throw ApiErrors.BadRequest($"json parse error: {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            // The reader reports invalid UTF-8 and unescaping failures this way.
            throw ApiErrors.BadRequest($"json parse error: {e.Message}");
        }
    }

    private static JsonNode? ReadValue(ref Utf8JsonReader reader, string path, ref List<string>? duplicates)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var obj = new JsonObject();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var key = reader.GetString()!;
                    reader.Read();
                    var childPath = path.Length == 0 ? key : $"{path}.{key}";
                    var value = ReadValue(ref reader, childPath, ref duplicates);
                    if (obj.ContainsKey(key)) (duplicates ??= []).Add(childPath);
                    obj[key] = value;
                }
                return obj;
            case JsonTokenType.StartArray:
                var array = new JsonArray();
                var index = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    array.Add(ReadValue(ref reader, $"{path}[{index}]", ref duplicates));
                    index++;
                }
                return array;
            case JsonTokenType.String:
                return JsonValue.Create(reader.GetString()!);
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var l)) return JsonValue.Create(l);
                var d = reader.GetDouble();
                return double.IsFinite(d) ? JsonValue.Create(d) : throw ApiErrors.BadRequest("json parse error: a number is out of range");
            case JsonTokenType.True:
                return JsonValue.Create(true);
            case JsonTokenType.False:
                return JsonValue.Create(false);
            case JsonTokenType.Null:
                return null;
            default:
                throw ApiErrors.BadRequest($"json parse error: unexpected {reader.TokenType}");
        }
    }
}
