using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.Api.Core.V1;
using Cluster.Runtime.Client;

namespace Cluster.Scheduler.Bench;

/// <summary>
/// Reads a pod of the bind watch (whose field selector admits bound pods only) as its name alone, asking the server
/// for PartialObjectMetadata: the harness takes as little as it can of the cores it shares with what it measures.
/// Reads only.
/// </summary>
internal sealed class BoundPodCodec() : ObjectCodec<DynamicObject>(Pod.Info)
{
    public override string? ObjectAccept => MetadataOnlyCodec.PartialObjectMetadataAccept;

    public override DynamicObject Read(ref Utf8JsonReader reader)
    {
        string? name = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("metadata"u8)) name = Member(ref reader, "name"u8);
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return new DynamicObject(new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } });
    }

    public override byte[] Write(DynamicObject value) => throw new NotSupportedException("the bind watch only reads");

    /// <summary>The string member <paramref name="wanted"/> of the object that follows, the rest stepped over.</summary>
    private static string? Member(ref Utf8JsonReader reader, ReadOnlySpan<byte> wanted)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }
        string? value = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(wanted);
            reader.Read();
            if (match && reader.TokenType == JsonTokenType.String) value = reader.GetString();
            else reader.Skip();
        }
        return value;
    }
}
