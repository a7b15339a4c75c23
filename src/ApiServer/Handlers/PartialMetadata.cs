using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Handlers;

/// <summary>
/// meta.k8s.io/v1 PartialObjectMetadata: an object's metadata alone, what metadata-only clients (client-go's metadata
/// informers, the garbage collector) ask for. From stored JSON it is cut out of the bytes without parsing the object.
/// </summary>
public static class PartialMetadata
{
    public const string ApiVersion = "meta.k8s.io/v1";

    private static ReadOnlySpan<byte> Head => "{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":"u8;

    /// <summary>Writes the PartialObjectMetadata of <paramref name="obj"/> (its metadata is written in place, not copied).</summary>
    public static void Write(IBufferWriter<byte> output, JsonObject obj)
    {
        using var writer = new Utf8JsonWriter(output, Storage.ObjectCodec.WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("kind"u8, "PartialObjectMetadata"u8);
        writer.WriteString("apiVersion"u8, "meta.k8s.io/v1"u8);
        writer.WritePropertyName("metadata"u8);
        if (obj["metadata"] is JsonObject metadata)
        {
            metadata.WriteTo(writer);
        }
        else
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    /// <summary>Writes the PartialObjectMetadata of the object whose JSON is <paramref name="json"/>.</summary>
    public static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> json)
    {
        output.Write(Head);
        output.Write(MetadataOf(json));
        output.Write("}"u8);
    }

    /// <summary>The PartialObjectMetadata of the object whose JSON is <paramref name="json"/>, in an array of its own.</summary>
    public static byte[] ToArray(ReadOnlySpan<byte> json)
    {
        var metadata = MetadataOf(json);
        var bytes = new byte[Head.Length + metadata.Length + 1];
        Head.CopyTo(bytes);
        metadata.CopyTo(bytes.AsSpan(Head.Length));
        bytes[^1] = (byte)'}';
        return bytes;
    }

    /// <summary>The bytes of the top-level <c>metadata</c> value, or <c>{}</c> when there is none.</summary>
    public static ReadOnlySpan<byte> MetadataOf(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return "{}"u8;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMetadata = reader.ValueTextEquals("metadata"u8);
            reader.Read();
            if (isMetadata && reader.TokenType == JsonTokenType.StartObject)
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                return json[start..(int)reader.BytesConsumed];
            }
            reader.Skip();
        }
        return "{}"u8;
    }
}
