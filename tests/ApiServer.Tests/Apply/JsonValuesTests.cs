using System.Text.Json.Nodes;
using Cluster.ApiServer.Apply;

namespace Cluster.ApiServer.Tests.Apply;

public sealed class JsonValuesTests
{
    [Theory]
    [InlineData("1", "1", true)]
    [InlineData("1", "1.0", true)] // numerically equal
    [InlineData("1", "2", false)]
    [InlineData("9223372036854775807", "9223372036854775807", true)]
    [InlineData("9223372036854775807", "9223372036854775806", false)]
    [InlineData("1e400", "1e400", true)] // beyond 64 bits
    [InlineData("\"a\"", "\"a\"", true)]
    [InlineData("\"a\"", "\"b\"", false)]
    [InlineData("\"A\"", "\"\\u0041\"", true)] // the same string spelled with an escape
    [InlineData("\"\\u0041\"", "\"\\u0042\"", false)]
    [InlineData("\"1\"", "1", false)]
    [InlineData("true", "true", true)]
    [InlineData("true", "false", false)]
    [InlineData("null", "null", true)]
    [InlineData("{\"a\":[1,\"x\"],\"b\":{}}", "{\"b\":{},\"a\":[1.0,\"x\"]}", true)] // member order is no difference
    [InlineData("[1,2]", "[2,1]", false)]
    public void Parsed_values_compare_by_value(string left, string right, bool equal) =>
        Assert.Equal(equal, JsonValues.NodesEqual(JsonNode.Parse(left), JsonNode.Parse(right)));

    [Fact]
    public void Values_set_from_CLR_values_compare_with_parsed_ones()
    {
        Assert.True(JsonValues.NodesEqual(JsonValue.Create(5L), JsonNode.Parse("5")));
        Assert.True(JsonValues.NodesEqual(JsonNode.Parse("5.0"), JsonValue.Create(5)));
        Assert.False(JsonValues.NodesEqual(JsonValue.Create(5), JsonNode.Parse("6")));
        Assert.True(JsonValues.NodesEqual(JsonValue.Create("é"), JsonNode.Parse("\"\\u00e9\"")));
        Assert.False(JsonValues.NodesEqual(JsonValue.Create("x"), JsonNode.Parse("\"y\"")));
    }
}
