using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cluster.Api.Quantities;

/// <summary>
/// Reads a <see cref="Quantity"/> from a JSON string or number (surrounding whitespace in a string is
/// ignored, null is zero, as upstream's UnmarshalJSON) and writes it as its canonical string.
/// </summary>
public sealed class QuantityJsonConverter : JsonConverter<Quantity>
{
    public override Quantity Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string text;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return Quantity.Zero;
            case JsonTokenType.String:
                text = reader.GetString()!;
                break;
            case JsonTokenType.Number:
                text = Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
                break;
            default:
                throw new JsonException($"a quantity must be a string or a number, not {reader.TokenType}");
        }

        var error = QuantityParser.TryParse(text.Trim(), out var quantity);
        return error is null ? quantity : throw new JsonException(error);
    }

    public override void Write(Utf8JsonWriter writer, Quantity value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}
