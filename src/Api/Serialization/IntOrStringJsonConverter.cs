using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cluster.Api.Serialization;

/// <summary>Reads and writes <see cref="IntOrString"/> as a JSON number (32-bit integer) or a JSON string, keeping the form.</summary>
public sealed class IntOrStringJsonConverter : JsonConverter<IntOrString>
{
    public override IntOrString Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ReadValue(ref reader);

    public override void Write(Utf8JsonWriter writer, IntOrString value, JsonSerializerOptions options) =>
        WriteValue(writer, value);

    internal static IntOrString ReadValue(ref Utf8JsonReader reader) =>
        reader.TokenType switch
        {
            JsonTokenType.Number when reader.TryGetInt32(out var value) => new IntOrString(value),
            JsonTokenType.String => new IntOrString(reader.GetString()!),
            _ => throw new JsonException($"an int-or-string must be a 32-bit integer or a string, not {reader.TokenType}"),
        };

    internal static void WriteValue(Utf8JsonWriter writer, IntOrString value)
    {
        if (value.IsInt)
        {
            writer.WriteNumberValue(value.IntValue);
        }
        else
        {
            writer.WriteStringValue(value.StringValue);
        }
    }
}
