using System.Text.Json.Nodes;
using static Cluster.ApiServer.Conversion.JsonFields;

namespace Cluster.ApiServer.Conversion;

/// <summary>
/// One HPA metric status between its autoscaling/v2 form (<c>status.currentMetrics[]</c>) and the autoscaling/v1
/// form kept in the <c>autoscaling.alpha.kubernetes.io/current-metrics</c> annotation (<c>currentValue</c>,
/// <c>currentAverageValue</c>, <c>currentAverageUtilization</c>). Mirrors upstream's field mapping; fields absent
/// on one side stay absent on the other. Properties are written in upstream's struct field order.
/// </summary>
internal static class HpaMetricStatuses
{
    public static JsonObject ToV1(JsonObject metric)
    {
        var result = new JsonObject();
        Put(result, "type", StringNode(metric, "type"));
        if (Object(metric, "object") is { } source)
        {
            var identifier = Object(source, "metric");
            var current = Object(source, "current");
            var converted = new JsonObject { ["target"] = HpaReferences.Convert(Object(source, "describedObject")) };
            Put(converted, "metricName", StringNode(identifier, "name"));
            Put(converted, "currentValue", Quantity(current, "value"));
            Put(converted, "selector", ObjectCopy(identifier, "selector"));
            Put(converted, "averageValue", Quantity(current, "averageValue"));
            result["object"] = converted;
        }

        if (Object(metric, "pods") is { } pods)
        {
            var identifier = Object(pods, "metric");
            var converted = new JsonObject();
            Put(converted, "metricName", StringNode(identifier, "name"));
            Put(converted, "currentAverageValue", Quantity(Object(pods, "current"), "averageValue"));
            Put(converted, "selector", ObjectCopy(identifier, "selector"));
            result["pods"] = converted;
        }

        if (Object(metric, "resource") is { } resource)
        {
            result["resource"] = ResourceToV1(resource, container: false);
        }

        if (Object(metric, "containerResource") is { } containerResource)
        {
            result["containerResource"] = ResourceToV1(containerResource, container: true);
        }

        if (Object(metric, "external") is { } external)
        {
            var identifier = Object(external, "metric");
            var current = Object(external, "current");
            var converted = new JsonObject();
            Put(converted, "metricName", StringNode(identifier, "name"));
            Put(converted, "metricSelector", ObjectCopy(identifier, "selector"));
            Put(converted, "currentValue", Quantity(current, "value"));
            Put(converted, "currentAverageValue", Quantity(current, "averageValue"));
            result["external"] = converted;
        }

        return result;
    }

    public static JsonObject ToV2(JsonObject metric)
    {
        var result = new JsonObject();
        Put(result, "type", StringNode(metric, "type"));
        if (Object(metric, "object") is { } source)
        {
            result["object"] = new JsonObject
            {
                ["metric"] = HpaReferences.Identifier(source, "metricName", "selector"),
                ["current"] = Current(Quantity(source, "currentValue"), Quantity(source, "averageValue"), null),
                ["describedObject"] = HpaReferences.Convert(Object(source, "target")),
            };
        }

        if (Object(metric, "pods") is { } pods)
        {
            result["pods"] = new JsonObject
            {
                ["metric"] = HpaReferences.Identifier(pods, "metricName", "selector"),
                ["current"] = Current(null, Quantity(pods, "currentAverageValue"), null),
            };
        }

        if (Object(metric, "resource") is { } resource)
        {
            result["resource"] = ResourceToV2(resource, container: false);
        }

        if (Object(metric, "containerResource") is { } containerResource)
        {
            result["containerResource"] = ResourceToV2(containerResource, container: true);
        }

        if (Object(metric, "external") is { } external)
        {
            result["external"] = new JsonObject
            {
                ["metric"] = HpaReferences.Identifier(external, "metricName", "metricSelector"),
                ["current"] = Current(Quantity(external, "currentValue"), Quantity(external, "currentAverageValue"), null),
            };
        }

        return result;
    }

    private static JsonObject ResourceToV1(JsonObject source, bool container)
    {
        var current = Object(source, "current");
        var converted = new JsonObject();
        Put(converted, "name", StringNode(source, "name"));
        Put(converted, "currentAverageUtilization", Int32Node(current, "averageUtilization"));
        Put(converted, "currentAverageValue", Quantity(current, "averageValue"));
        if (container) Put(converted, "container", StringNode(source, "container"));
        return converted;
    }

    private static JsonObject ResourceToV2(JsonObject source, bool container)
    {
        var converted = new JsonObject();
        Put(converted, "name", StringNode(source, "name"));
        converted["current"] = Current(null, Quantity(source, "currentAverageValue"), Int32Node(source, "currentAverageUtilization"));
        if (container) Put(converted, "container", StringNode(source, "container"));
        return converted;
    }

    private static JsonObject Current(JsonNode? value, JsonNode? averageValue, JsonNode? averageUtilization)
    {
        var current = new JsonObject();
        Put(current, "value", value);
        Put(current, "averageValue", averageValue);
        Put(current, "averageUtilization", averageUtilization);
        return current;
    }
}
