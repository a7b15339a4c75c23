using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Storage;

/// <summary>
/// Turns objects into the bytes stored and sent, and back. Stored bytes carry no <c>metadata.resourceVersion</c>:
/// the store's mod revision is the resource version and is set when an object is read.
/// </summary>
public static class ObjectCodec
{
    /// <summary>Like Go's encoder: only what JSON requires is escaped (plus what a relaxed encoder must), UTF-8 kept.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    public static readonly JsonSerializerOptions SerializerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256 };

    public static byte[] Serialize(JsonNode node)
    {
        var buffer = ScratchBuffer.Take();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            node.WriteTo(writer);
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(IBufferWriter<byte> output, JsonNode node)
    {
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        node.WriteTo(writer);
    }

    /// <summary>Serializes for storage: the object without its resourceVersion.</summary>
    public static byte[] SerializeForStorage(JsonObject obj)
    {
        var meta = obj["metadata"] as JsonObject;
        var rv = meta?["resourceVersion"];
        if (rv is null) return Serialize(obj);
        meta!.Remove("resourceVersion");
        try
        {
            return Serialize(obj);
        }
        finally
        {
            meta["resourceVersion"] = rv;
        }
    }

    /// <summary>Reads stored bytes and stamps the resource version.</summary>
    public static JsonObject Decode(ReadOnlySpan<byte> bytes, long resourceVersion)
    {
        var obj = JsonNode.Parse(bytes, documentOptions: DocumentOptions) as JsonObject
            ?? throw new InvalidDataException("a stored value is not a JSON object");
        ObjectMeta.SetResourceVersion(obj, resourceVersion);
        return obj;
    }
}
