using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.Api;

namespace Cluster.Runtime.Client;

/// <summary>The codec of <see cref="DynamicObject"/>s of one kind.</summary>
public sealed class DynamicCodec(KindInfo kind) : ObjectCodec<DynamicObject>(kind)
{
    public override DynamicObject Read(ref Utf8JsonReader reader) =>
        new(JsonNode.Parse(ref reader) as JsonObject ?? throw new JsonException($"expected a {Kind.Kind} object"));

    public override byte[] Write(DynamicObject value)
    {
        if (value.ApiVersion is not null && value.Kind is not null) return ToBytes(value.Body);
        var copy = new JsonObject { ["apiVersion"] = value.ApiVersion ?? Kind.ApiVersion, ["kind"] = value.Kind ?? Kind.Kind };
        foreach (var (name, node) in value.Body)
            if (name is not "apiVersion" and not "kind") copy[name] = node?.DeepClone();
        return ToBytes(copy);
    }

    private static byte[] ToBytes(JsonObject body)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer)) body.WriteTo(writer);
        return buffer.WrittenSpan.ToArray();
    }
}
