using System.Text.Json.Nodes;
using static Cluster.ApiServer.Conversion.JsonFields;

namespace Cluster.ApiServer.Conversion;

/// <summary>
/// One HPA metric specification between its autoscaling/v2 form (<c>spec.metrics[]</c>) and the autoscaling/v1
/// form kept in the <c>autoscaling.alpha.kubernetes.io/metrics</c> annotation (the v2beta1-like shape with
/// <c>targetValue</c>, <c>targetAverageValue</c>, <c>targetAverageUtilization</c>). Mirrors upstream's
/// field-by-field conversion, including how the v2 target type is inferred from which v1 fields are set; fields
/// absent on one side stay absent on the other. Properties are written in upstream's struct field order.
/// </summary>
internal static class HpaMetricSpecs
{
    public static JsonObject ToV1(JsonObject metric)
    {
        var result = new JsonObject();
        Put(result, "type", StringNode(metric, "type"));
        if (Object(metric, "object") is { } source)
        {
            var identifier = Object(source, "metric");
            var target = Object(source, "target");
            var converted = new JsonObject { ["target"] = HpaReferences.Convert(Object(source, "describedObject")) };
            Put(converted, "metricName", StringNode(identifier, "name"));
            Put(converted, "targetValue", Quantity(target, "value"));
            Put(converted, "selector", ObjectCopy(identifier, "selector"));
            Put(converted, "averageValue", Quantity(target, "averageValue"));
            result["object"] = converted;
        }

        if (Object(metric, "pods") is { } pods)
        {
            var identifier = Object(pods, "metric");
            var converted = new JsonObject();
            Put(converted, "metricName", StringNode(identifier, "name"));
            Put(converted, "targetAverageValue", Quantity(Object(pods, "target"), "averageValue"));
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
            var target = Object(external, "target");
            var converted = new JsonObject();
            Put(converted, "metricName", StringNode(identifier, "name"));
            Put(converted, "metricSelector", ObjectCopy(identifier, "selector"));
            Put(converted, "targetValue", Quantity(target, "value"));
            Put(converted, "targetAverageValue", Quantity(target, "averageValue"));
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
            var averageValue = Quantity(source, "averageValue");
            result["object"] = new JsonObject
            {
                ["describedObject"] = HpaReferences.Convert(Object(source, "target")),
                ["target"] = Target(averageValue is null ? "Value" : "AverageValue", Quantity(source, "targetValue"), averageValue, null),
                ["metric"] = HpaReferences.Identifier(source, "metricName", "selector"),
            };
        }

        if (Object(metric, "pods") is { } pods)
        {
            result["pods"] = new JsonObject
            {
                ["metric"] = HpaReferences.Identifier(pods, "metricName", "selector"),
                ["target"] = Target("AverageValue", null, Quantity(pods, "targetAverageValue"), null),
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
            var value = Quantity(external, "targetValue");
            result["external"] = new JsonObject
            {
                ["metric"] = HpaReferences.Identifier(external, "metricName", "metricSelector"),
                ["target"] = Target(value is null ? "AverageValue" : "Value", value, Quantity(external, "targetAverageValue"), null),
            };
        }

        return result;
    }

    private static JsonObject ResourceToV1(JsonObject source, bool container)
    {
        var target = Object(source, "target");
        var converted = new JsonObject();
        Put(converted, "name", StringNode(source, "name"));
        Put(converted, "targetAverageUtilization", Int32Node(target, "averageUtilization"));
        Put(converted, "targetAverageValue", Quantity(target, "averageValue"));
        if (container) Put(converted, "container", StringNode(source, "container"));
        return converted;
    }

    private static JsonObject ResourceToV2(JsonObject source, bool container)
    {
        var utilization = Int32Node(source, "targetAverageUtilization");
        var converted = new JsonObject();
        Put(converted, "name", StringNode(source, "name"));
        converted["target"] = Target(utilization is null ? "AverageValue" : "Utilization", null, Quantity(source, "targetAverageValue"), utilization);
        if (container) Put(converted, "container", StringNode(source, "container"));
        return converted;
    }

    private static JsonObject Target(string type, JsonNode? value, JsonNode? averageValue, JsonNode? averageUtilization)
    {
        var target = new JsonObject { ["type"] = type };
        Put(target, "value", value);
        Put(target, "averageValue", averageValue);
        Put(target, "averageUtilization", averageUtilization);
        return target;
    }
}
