using System.Text.Json.Nodes;

namespace Cluster.Api.Tests.Models;

/// <summary>The round-trip comparison must be able to fail: these pairs differ, and these are equal.</summary>
public sealed class JsonSemanticsTests
{
    [Theory]
    [InlineData("""{"a":1}""", """{}""")]
    [InlineData("""{}""", """{"a":1}""")]
    [InlineData("""{"a":1}""", """{"a":2}""")]
    [InlineData("""{"a":1}""", """{"a":"2"}""")]
    [InlineData("""{"a":80}""", """{"a":"80"}""")]
    [InlineData("""{"ports":[{"targetPort":80}]}""", """{"ports":[{"targetPort":"80"}]}""")]
    [InlineData("""{"limits":{"cpu":1}}""", """{"limits":{"cpu":"1.0"}}""")]
    [InlineData("""{"a":"x"}""", """{"a":"y"}""")]
    [InlineData("""{"a":[1,2]}""", """{"a":[2,1]}""")]
    [InlineData("""{"a":[1]}""", """{"a":[1,1]}""")]
    [InlineData("""{"a":{}}""", """{"a":[]}""")]
    [InlineData("""{"a":""}""", """{}""")]
    [InlineData("""{"a":true}""", """{"a":"true"}""")]
    public void Different_documents_are_reported(string expected, string actual)
    {
        Assert.NotNull(JsonSemantics.Difference(JsonNode.Parse(expected), JsonNode.Parse(actual)));
    }

    [Theory]
    [InlineData("""{"a":1,"b":2}""", """{"b":2,"a":1}""")]
    [InlineData("""{"a":1.0}""", """{"a":1}""")]
    [InlineData("""{"a":1e3}""", """{"a":1000}""")]
    [InlineData("""{"a":null,"b":1}""", """{"b":1}""")]
    [InlineData("""{"limits":{"cpu":1}}""", """{"limits":{"cpu":"1"}}""")]
    [InlineData("""{"emptyDir":{"sizeLimit":5}}""", """{"emptyDir":{"sizeLimit":"5"}}""")]
    [InlineData("""{"d":"aGVs\nbG8="}""", """{"d":"aGVsbG8="}""")]
    public void Equal_documents_are_not_reported(string expected, string actual)
    {
        Assert.Null(JsonSemantics.Difference(JsonNode.Parse(expected), JsonNode.Parse(actual)));
    }
}
