using System.Text.Json.Nodes;

namespace Cluster.Api.Tests.Models;

public sealed class YamlToJsonTests
{
    [Theory]
    [InlineData("a: b", "\"b\"")]
    [InlineData("a: 'true'", "\"true\"")]
    [InlineData("a: \"80\"", "\"80\"")]
    [InlineData("a: true", "true")]
    [InlineData("a: False", "false")]
    [InlineData("a: yes", "true")]
    [InlineData("a: off", "false")]
    [InlineData("a: null", "null")]
    [InlineData("a: ~", "null")]
    [InlineData("a:", "null")]
    [InlineData("a: 80", "80")]
    [InlineData("a: -12", "-12")]
    [InlineData("a: 0x1F", "31")]
    [InlineData("a: 0o17", "15")]
    [InlineData("a: 017", "15")]
    [InlineData("a: 1_000", "1000")]
    [InlineData("a: 0.5", "0.5")]
    [InlineData("a: 1e3", "1000")]
    [InlineData("a: .5", "0.5")]
    [InlineData("a: 500m", "\"500m\"")]
    [InlineData("a: 2024-01-02", "\"2024-01-02\"")]
    [InlineData("a: 1.2.3", "\"1.2.3\"")]
    [InlineData("a: !!str 12", "\"12\"")]
    [InlineData("a: !!int \"12\"", "12")]
    [InlineData("a: |\n  x\n  y", "\"x\\ny\"")]
    [InlineData("a: [1, \"2\", c]", "[1,\"2\",\"c\"]")]
    [InlineData("a: {b: 1, c: d, }", "{\"b\":1,\"c\":\"d\"}")]
    [InlineData("80: a", null)]
    public void Scalars_are_typed_as_kubectl_types_them(string yaml, string? expectedValue)
    {
        var node = Assert.IsType<JsonObject>(Assert.Single(YamlToJson.ConvertAll(yaml)));

        if (expectedValue is null)
        {
            Assert.Equal("{\"80\":\"a\"}", node.ToJsonString());
        }
        else
        {
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expectedValue), node["a"]), $"{yaml} gave {node.ToJsonString()}");
        }
    }

    [Fact]
    public void Multi_document_streams_give_one_node_per_document_and_skip_empty_ones()
    {
        var documents = YamlToJson.ConvertAll("---\na: 1\n---\n# only a comment\n---\nb: 2\n---\n");

        Assert.Equal(["{\"a\":1}", "{\"b\":2}"], documents.Select(d => d!.ToJsonString()));
    }

    [Fact]
    public void Aliases_resolve_to_the_anchored_value()
    {
        var node = YamlToJson.ConvertAll("a: &x {k: v}\nb: *x")[0]!;

        Assert.Equal("{\"a\":{\"k\":\"v\"},\"b\":{\"k\":\"v\"}}", node.ToJsonString());
    }
}
