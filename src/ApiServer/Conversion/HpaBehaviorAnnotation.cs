using System.Text.Json.Nodes;
using static Cluster.ApiServer.Conversion.JsonFields;

namespace Cluster.ApiServer.Conversion;

/// <summary>
/// The <c>autoscaling.alpha.kubernetes.io/behavior</c> annotation. Upstream writes it by marshalling its internal
/// (untagged) Go type, so its JSON uses Go field names and null for unset pointers, e.g.
/// <c>{"ScaleUp":{"StabilizationWindowSeconds":0,"SelectPolicy":"Max","Policies":[{"Type":"Pods","Value":4,
/// "PeriodSeconds":15}]},"ScaleDown":null}</c>; reading matches names case-insensitively, as Go's decoder does,
/// and a behavior with neither direction set counts as absent.
/// </summary>
internal static class HpaBehaviorAnnotation
{
    /// <summary>The annotation text for a v2 <c>spec.behavior</c> object.</summary>
    public static string Encode(JsonObject behavior) =>
        AnnotationJson.Write(new JsonObject
        {
            ["ScaleUp"] = EncodeRules(Object(behavior, "scaleUp")),
            ["ScaleDown"] = EncodeRules(Object(behavior, "scaleDown")),
        });

    /// <summary>The v2 <c>spec.behavior</c> for the annotation text, or null when it is unusable or empty.</summary>
    public static JsonObject? Decode(string text)
    {
        if (AnnotationJson.Read(text, out _) is not JsonObject encoded) return null;
        var scaleUp = Field(encoded, "ScaleUp") as JsonObject;
        var scaleDown = Field(encoded, "ScaleDown") as JsonObject;
        if (scaleUp is null && scaleDown is null) return null;
        var behavior = new JsonObject();
        if (scaleUp is not null) behavior["scaleUp"] = DecodeRules(scaleUp);
        if (scaleDown is not null) behavior["scaleDown"] = DecodeRules(scaleDown);
        return behavior;
    }

    private static JsonObject? EncodeRules(JsonObject? rules)
    {
        if (rules is null) return null;
        JsonArray? policies = null;
        if (Array(rules, "policies") is { } list)
        {
            policies = [];
            foreach (var policy in Objects(list))
            {
                var encoded = new JsonObject();
                Put(encoded, "Type", StringNode(policy, "type"));
                Put(encoded, "Value", Int32Node(policy, "value"));
                Put(encoded, "PeriodSeconds", Int32Node(policy, "periodSeconds"));
                policies.Add(encoded);
            }
        }

        return new JsonObject
        {
            ["StabilizationWindowSeconds"] = Int32Node(rules, "stabilizationWindowSeconds"),
            ["SelectPolicy"] = StringNode(rules, "selectPolicy"),
            ["Policies"] = policies,
        };
    }

    private static JsonObject DecodeRules(JsonObject rules)
    {
        var result = new JsonObject();
        Put(result, "stabilizationWindowSeconds", Int32(Field(rules, "StabilizationWindowSeconds")));
        Put(result, "selectPolicy", StringOf(Field(rules, "SelectPolicy")));
        if (Field(rules, "Policies") is JsonArray list)
        {
            var policies = new JsonArray();
            foreach (var policy in Objects(list))
            {
                var decoded = new JsonObject();
                Put(decoded, "type", StringOf(Field(policy, "Type")));
                Put(decoded, "value", Int32(Field(policy, "Value")));
                Put(decoded, "periodSeconds", Int32(Field(policy, "PeriodSeconds")));
                policies.Add(decoded);
            }

            result["policies"] = policies;
        }

        return result;
    }

    /// <summary>Go's decoder matches field names case-insensitively; the last matching key wins.</summary>
    private static JsonNode? Field(JsonObject obj, string name)
    {
        JsonNode? found = null;
        foreach (var (key, value) in obj)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) found = value;
        }

        return found;
    }

    private static JsonNode? Int32(JsonNode? node) =>
        Integer(node, int.MinValue, int.MaxValue) is { } value ? JsonValue.Create((int)value) : null;

    private static JsonNode? StringOf(JsonNode? node) =>
        AsString(node) is { } text ? JsonValue.Create(text) : null;
}
