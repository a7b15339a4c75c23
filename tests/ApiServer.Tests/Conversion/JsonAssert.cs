using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Tests.Conversion;

/// <summary>Structural JSON equality (object member order ignored, array order significant) with readable failures.</summary>
internal static class JsonAssert
{
    public static void Equal(string expected, JsonNode? actual) => Equal(JsonNode.Parse(expected), actual);

    public static void Equal(JsonNode? expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual),
            $"expected: {expected?.ToJsonString()}\nactual:   {actual?.ToJsonString()}");
}
