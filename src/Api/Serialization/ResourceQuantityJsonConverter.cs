using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cluster.Api.Serialization;

/// <summary>
/// Reads a <see cref="ResourceQuantity"/> from a JSON string, or from a JSON number kept as its literal text
/// (Kubernetes accepts both); always writes a JSON string. A malformed quantity is a <see cref="JsonException"/>.
/// </summary>
public sealed class ResourceQuantityJsonConverter : JsonConverter<ResourceQuantity>
{
    public override ResourceQuantity Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ReadValue(ref reader);

    internal static ResourceQuantity ReadValue(ref Utf8JsonReader reader)
    {
        var text = reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString()!,
            JsonTokenType.Number => NumberText(ref reader),
            _ => throw new JsonException($"a quantity must be a string or a number, not {reader.TokenType}"),
        };
        if (!ResourceQuantity.IsWellFormed(text))
        {
            throw new JsonException($"\"{text}\" is not a valid quantity");
        }
        return new ResourceQuantity(text);
    }

    private static string NumberText(ref Utf8JsonReader reader) =>
        reader.HasValueSequence ? Encoding.UTF8.GetString(reader.ValueSequence.ToArray()) : Encoding.UTF8.GetString(reader.ValueSpan);

    public override void Write(Utf8JsonWriter writer, ResourceQuantity value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
