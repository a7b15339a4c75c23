using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cluster.Api.Serialization;

/// <summary>
/// meta/v1 Time: reads an RFC 3339 string (see <see cref="Rfc3339.TryParse"/>) into a UTC
/// <see cref="DateTimeOffset"/> and writes UTC with whole seconds, as Kubernetes does (fractions are dropped).
/// Registered on ApiJsonContext for DateTimeOffset values serialized through it; the generated model converters write Time members the same way.
/// </summary>
public sealed class TimeJsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ReadRfc3339(ref reader);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Rfc3339.Format(value));

    internal static DateTimeOffset ReadRfc3339(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"a time must be an RFC 3339 string, not {reader.TokenType}");
        }
        var text = reader.GetString()!;
        return Rfc3339.TryParse(text, out var value) ? value : throw new JsonException($"\"{text}\" is not an RFC 3339 time");
    }
}
