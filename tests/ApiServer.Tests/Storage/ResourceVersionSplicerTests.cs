using System.Text;
using System.Text.Json.Nodes;
using Cluster.ApiServer.Storage;

namespace Cluster.ApiServer.Tests.Storage;

public sealed class ResourceVersionSplicerTests
{
    [Theory]
    [InlineData("""{"kind":"Pod","metadata":{"name":"a"}}""", """{"kind":"Pod","metadata":{"resourceVersion":"42","name":"a"}}""")]
    [InlineData("""{"metadata":{}}""", """{"metadata":{"resourceVersion":"42"}}""")]
    [InlineData("""{"spec":{"template":{"metadata":{"name":"t"}}},"metadata":{"name":"a"}}""", """{"spec":{"template":{"metadata":{"name":"t"}}},"metadata":{"resourceVersion":"42","name":"a"}}""")]
    [InlineData("""{"metadata":"odd","kind":"X"}""", """{"metadata":{"resourceVersion":"42"},"metadata":"odd","kind":"X"}""")]
    public void The_top_level_metadata_gets_the_resourceVersion(string stored, string expected)
    {
        var stamped = Encoding.UTF8.GetString(ResourceVersionSplicer.Stamp(Encoding.UTF8.GetBytes(stored), 42));
        Assert.Equal(expected, stamped);
    }

    [Fact]
    public void Stamping_stored_bytes_equals_decoding_and_setting_it()
    {
        var obj = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = "x", ["labels"] = new JsonObject { ["a"] = "b" } }, ["data"] = new JsonObject { ["k"] = "v" } };
        var stored = ObjectCodec.SerializeForStorage(obj);
        var viaSplice = JsonNode.Parse(ResourceVersionSplicer.Stamp(stored, 7));
        var viaDecode = ObjectCodec.Decode(stored, 7);
        Assert.True(JsonNode.DeepEquals(viaSplice, viaDecode));
    }
}
