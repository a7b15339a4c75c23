using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Tests.Protobuf;

/// <summary>Semantic JSON comparison for decoder tests: property order does not matter, and on failure both
/// documents are shown.</summary>
internal static class JsonAssert
{
    public static void Equal(string expectedJson, JsonNode? actual) => Equal(JsonNode.Parse(expectedJson), actual);

    public static void Equal(JsonNode? expected, JsonNode? actual)
    {
        if (!JsonNode.DeepEquals(expected, actual))
        {
            Assert.Fail($"JSON differs.\nexpected: {expected?.ToJsonString()}\nactual:   {actual?.ToJsonString()}");
        }
    }

    /// <summary>Removes every null-valued property: Go prints null for a zero time or a nil list, the decoder omits them.</summary>
    public static JsonNode? WithoutNulls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
                {
                    obj.Remove(name);
                }

                foreach (var property in obj)
                {
                    WithoutNulls(property.Value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    WithoutNulls(item);
                }

                break;
        }

        return node;
    }
}
