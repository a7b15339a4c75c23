using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Apply;

/// <summary>Decides whether a pair of values (either may be absent or null) is walked as a map, as a list or as a leaf.</summary>
internal static class ValueShapes
{
    public static bool IsMapPair(JsonNode? left, JsonNode? right, ApplyType type) =>
        type.AcceptsMap && (left is JsonObject || right is JsonObject) && (left is null or JsonObject) && (right is null or JsonObject);

    public static bool IsListPair(JsonNode? left, JsonNode? right, ApplyType type) =>
        type.AcceptsList && (left is JsonArray || right is JsonArray) && (left is null or JsonArray) && (right is null or JsonArray);
}
