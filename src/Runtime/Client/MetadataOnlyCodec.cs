using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.Api;
using Cluster.Api.Meta.V1;
using Cluster.Api.Serialization;

namespace Cluster.Runtime.Client;

/// <summary>
/// Reads objects of any kind as their apiVersion, kind and metadata alone (without managedFields): what a
/// metadata-only cache (the garbage collector's) keeps. Gets, lists and watches ask the server for
/// PartialObjectMetadata, as client-go's metadata client does, so only metadata crosses the wire; a whole object (from
/// a server that sends one anyway) has everything else stepped over unparsed. Writes as <see cref="DynamicCodec"/> does.
/// </summary>
public sealed class MetadataOnlyCodec(KindInfo kind) : ObjectCodec<DynamicObject>(kind)
{
    private readonly DynamicCodec _writer = new(kind);

    /// <summary>What client-go's metadata client sends for one object or a watch: PartialObjectMetadata, else the object.</summary>
    public const string PartialObjectMetadataAccept = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json";

    public override string? ObjectAccept => PartialObjectMetadataAccept;

    public override string? ListAccept => "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json";

    public override DynamicObject Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException($"expected a {Kind.Kind} object");
        var body = new JsonObject();
        ObjectMeta? metadata = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("metadata"u8))
            {
                reader.Read();
                var typed = reader; // the reader is a struct: this copy reads the same metadata once more, typed
                metadata = typed.TokenType == JsonTokenType.StartObject
                    ? ObjectMeta.ModelJsonConverter.Instance.Read(ref typed, typeof(ObjectMeta), ApiJsonContext.WithoutManagedFields.Options)
                    : null;
                body["metadata"] = ReadMetadata(ref reader);
            }
            else if (reader.ValueTextEquals("apiVersion"u8) || reader.ValueTextEquals("kind"u8))
            {
                var name = reader.GetString()!;
                reader.Read();
                body[name] = JsonNode.Parse(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (body["kind"] is JsonValue k && k.GetValueKind() == JsonValueKind.String && k.GetValue<string>() == "PartialObjectMetadata")
        {
            body["apiVersion"] = Kind.ApiVersion;
            body["kind"] = Kind.Kind;
        }
        return new DynamicObject(body, metadata);
    }

    public override byte[] Write(DynamicObject value) => _writer.Write(value);

    /// <summary>The top-level metadata of an object or a PartialObjectMetadata, typed and without managed fields; null when it has none.</summary>
    public static ObjectMeta? ReadMetadata(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMetadata = reader.ValueTextEquals("metadata"u8);
            reader.Read();
            if (isMetadata && reader.TokenType == JsonTokenType.StartObject)
                return ObjectMeta.ModelJsonConverter.Instance.Read(ref reader, typeof(ObjectMeta), ApiJsonContext.WithoutManagedFields.Options);
            reader.Skip();
        }
        return null;
    }

    private static JsonNode? ReadMetadata(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject) return JsonNode.Parse(ref reader);
        var metadata = new JsonObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (name == "managedFields") reader.Skip();
            else metadata[name] = JsonNode.Parse(ref reader);
        }
        return metadata;
    }
}
