using System.Text.Json;
using Cluster.Api;
using Cluster.Api.Meta.V1;

namespace Cluster.Runtime.Client;

/// <summary>Decodes a list response (any <c>...List</c> kind) into items of one kind, in one pass.</summary>
internal static class ListDecoder
{
    public static ObjectList<T> Decode<T>(ReadOnlySpan<byte> json, ObjectCodec<T> codec) where T : class, IKubernetesObject
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new JsonException("a list response is not a JSON object");
        ListMeta? meta = null;
        List<T> items = [];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("metadata"u8))
            {
                reader.Read();
                meta = JsonSerializer.Deserialize(ref reader, Api.Serialization.ApiJsonContext.Default.MetaV1ListMeta);
            }
            else if (reader.ValueTextEquals("items"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null) continue;
                if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("items is not an array");
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) items.Add(codec.Read(ref reader));
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return new ObjectList<T>(items, meta?.ResourceVersion ?? "", string.IsNullOrEmpty(meta?.Continue) ? null : meta.Continue, meta?.RemainingItemCount);
    }

    /// <summary>The top-level <c>kind</c> of a JSON object, or null; reads no further than that member.</summary>
    public static string? TopLevelKind(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isKind = reader.ValueTextEquals("kind"u8);
            reader.Read();
            if (isKind) return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            reader.Skip();
        }
        return null;
    }
}
