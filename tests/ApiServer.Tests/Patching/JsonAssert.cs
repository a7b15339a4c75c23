using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Tests.Patching;

/// <summary>Structural JSON equality (object member order ignored, array order significant) with readable failures.</summary>
internal static class JsonAssert
{
    public static void Equal(string expected, JsonNode? actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        Assert.True(JsonNode.DeepEquals(expectedNode, actual),
            $"expected: {expectedNode?.ToJsonString()}\nactual:   {actual?.ToJsonString()}");
    }
}
