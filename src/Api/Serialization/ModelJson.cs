using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Cluster.Api.Serialization;

/// <summary>
/// The value readers and writers the generated model converters call. Every reader starts on the value's first
/// token, leaves the reader on its last token, and returns null for a JSON null; a token of the wrong type is a
/// <see cref="JsonException"/>, as with System.Text.Json's own converters. Collections keep null elements.
/// </summary>
internal static class ModelJson
{
    /// <summary>Whether reads through <paramref name="options"/> leave metadata.managedFields out (<see cref="ApiJsonContext.WithoutManagedFields"/>).</summary>
    public static bool SkipsManagedFields(JsonSerializerOptions options) => ReferenceEquals(options, ApiJsonContext.WithoutManagedFields.Options);

    public static void ExpectStartObject(ref Utf8JsonReader reader, string type)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"expected a JSON object for {type}, not {reader.TokenType}");
        }
    }

    public static string? ReadString(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        _ => throw Unexpected("a string", reader.TokenType),
    };

    public static int? ReadInt32(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.Number when reader.TryGetInt32(out var value) => value,
        _ => throw Unexpected("a 32-bit integer", reader.TokenType),
    };

    public static long? ReadInt64(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.Number when reader.TryGetInt64(out var value) => value,
        _ => throw Unexpected("a 64-bit integer", reader.TokenType),
    };

    public static double? ReadDouble(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.Number => reader.GetDouble(),
        _ => throw Unexpected("a number", reader.TokenType),
    };

    public static bool? ReadBoolean(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw Unexpected("a boolean", reader.TokenType),
    };

    public static ReadOnlyMemory<byte>? ReadBytes(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String when reader.TryGetBytesFromBase64(out var bytes) => bytes,
        JsonTokenType.String => throw new JsonException("expected base64 data"),
        _ => throw Unexpected("a base64 string", reader.TokenType),
    };

    public static DateTimeOffset? ReadTime(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null : TimeJsonConverter.ReadRfc3339(ref reader);

    public static IntOrString? ReadIntOrString(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? (IntOrString?)null : IntOrStringJsonConverter.ReadValue(ref reader);

    public static ResourceQuantity? ReadQuantity(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? (ResourceQuantity?)null : ResourceQuantityJsonConverter.ReadValue(ref reader);

    public static JsonNode? ReadJson(ref Utf8JsonReader reader) => JsonNode.Parse(ref reader);

    public static T? ReadModel<T>(ref Utf8JsonReader reader, JsonSerializerOptions options, JsonConverter<T> converter)
        where T : class =>
        reader.TokenType == JsonTokenType.Null ? null : converter.Read(ref reader, typeof(T), options);

    public static T NotNull<T>(T? value) where T : struct =>
        value ?? throw new JsonException($"null is not a valid {typeof(T).Name} here");

    public static IReadOnlyList<T>? ReadList<T>(ref Utf8JsonReader reader, JsonSerializerOptions options, JsonValueReader<T> element)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Unexpected("an array", reader.TokenType);
        }
        var list = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(element(ref reader, options));
        }
        return list;
    }

    public static IReadOnlyDictionary<string, T>? ReadMap<T>(ref Utf8JsonReader reader, JsonSerializerOptions options, JsonValueReader<T> value)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Unexpected("an object", reader.TokenType);
        }
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            map[key] = value(ref reader, options);
        }
        return map;
    }

    public static void WriteList<T>(Utf8JsonWriter writer, IReadOnlyList<T> list, JsonSerializerOptions options, Action<Utf8JsonWriter, T, JsonSerializerOptions> element)
    {
        writer.WriteStartArray();
        foreach (var item in list)
        {
            if (item is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                element(writer, item, options);
            }
        }
        writer.WriteEndArray();
    }

    public static void WriteMap<T>(Utf8JsonWriter writer, IReadOnlyDictionary<string, T> map, JsonSerializerOptions options, Action<Utf8JsonWriter, T, JsonSerializerOptions> value)
    {
        writer.WriteStartObject();
        foreach (var (key, item) in map)
        {
            writer.WritePropertyName(key);
            if (item is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                value(writer, item, options);
            }
        }
        writer.WriteEndObject();
    }

    public static void WriteIntOrString(Utf8JsonWriter writer, IntOrString value) => IntOrStringJsonConverter.WriteValue(writer, value);

    private static JsonException Unexpected(string expected, JsonTokenType actual) => new($"expected {expected}, not {actual}");
}
