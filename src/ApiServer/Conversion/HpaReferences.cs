using System.Text.Json.Nodes;
using static Cluster.ApiServer.Conversion.JsonFields;

namespace Cluster.ApiServer.Conversion;

/// <summary>
/// Small HPA structures shared by the metric and status conversions: cross-version object references
/// (<c>kind</c>, <c>name</c>, <c>apiVersion</c>), v2 metric identifiers (<c>name</c>, <c>selector</c>) and
/// conditions, which have the same fields in autoscaling/v1 annotations and autoscaling/v2.
/// </summary>
internal static class HpaReferences
{
    /// <summary>A cross-version object reference with only its declared fields; absent reads as empty.</summary>
    public static JsonObject Convert(JsonObject? reference)
    {
        var result = new JsonObject();
        Put(result, "kind", StringNode(reference, "kind"));
        Put(result, "name", StringNode(reference, "name"));
        Put(result, "apiVersion", StringNode(reference, "apiVersion"));
        return result;
    }

    /// <summary>A v2 metric identifier built from a v1 metric's name and selector fields.</summary>
    public static JsonObject Identifier(JsonObject source, string nameField, string selectorField)
    {
        var identifier = new JsonObject();
        Put(identifier, "name", StringNode(source, nameField));
        Put(identifier, "selector", ObjectCopy(source, selectorField));
        return identifier;
    }

    public static JsonObject Condition(JsonObject condition)
    {
        var result = new JsonObject();
        Put(result, "type", StringNode(condition, "type"));
        Put(result, "status", StringNode(condition, "status"));
        Put(result, "lastTransitionTime", StringNode(condition, "lastTransitionTime"));
        Put(result, "reason", StringNode(condition, "reason"));
        Put(result, "message", StringNode(condition, "message"));
        return result;
    }
}
