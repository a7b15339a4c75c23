using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Tests.Conversion;

/// <summary>
/// Seeded random JSON for fuzzing the conversions: values of every JSON type, biased toward the field names and
/// values HPAs and Events use so that conversion code paths are reached with wrong types in every position.
/// </summary>
internal sealed class RandomJson(int seed)
{
    private static readonly string[] Keys =
    [
        "apiVersion", "kind", "metadata", "annotations", "labels", "name", "namespace", "spec", "status", "scaleTargetRef",
        "minReplicas", "maxReplicas", "metrics", "behavior", "scaleUp", "scaleDown", "policies", "selectPolicy",
        "stabilizationWindowSeconds", "periodSeconds", "value", "type", "resource", "pods", "object", "external",
        "containerResource", "container", "target", "current", "averageValue", "averageUtilization", "metric",
        "selector", "matchLabels", "describedObject", "targetCPUUtilizationPercentage", "currentCPUUtilizationPercentage",
        "currentMetrics", "conditions", "observedGeneration", "lastScaleTime", "currentReplicas", "desiredReplicas",
        "metricName", "targetValue", "targetAverageValue", "targetAverageUtilization", "currentValue",
        "currentAverageValue", "currentAverageUtilization", "metricSelector", "involvedObject", "regarding", "message",
        "note", "source", "deprecatedSource", "count", "deprecatedCount", "series", "eventTime", "related",
        "reportingComponent", "reportingController", "reportingInstance", "firstTimestamp", "lastTimestamp",
        "ScaleUp", "ScaleDown", "Policies", "Type", "Value", "PeriodSeconds",
        "autoscaling.alpha.kubernetes.io/metrics", "autoscaling.alpha.kubernetes.io/current-metrics",
        "autoscaling.alpha.kubernetes.io/conditions", "autoscaling.alpha.kubernetes.io/behavior",
    ];

    private static readonly string[] Words =
        ["Resource", "Pods", "Object", "External", "ContainerResource", "cpu", "memory", "Utilization", "Value", "AverageValue", "Max", "", "100m", "1e3", "x"];

    private readonly Random _random = new(seed);

    public int Next(int max) => _random.Next(max);

    public JsonNode? Value(int depth = 4) => _random.Next(depth <= 0 ? 4 : 7) switch
    {
        0 => null,
        1 => JsonValue.Create(_random.Next(2) == 0),
        2 => Number(),
        3 => JsonValue.Create(Text()),
        4 => Object(depth - 1),
        5 => Array(depth - 1),
        _ => AnnotationText(depth - 1),
    };

    public JsonObject Object(int depth)
    {
        var obj = new JsonObject();
        var count = _random.Next(6);
        for (var i = 0; i < count; i++) obj[Keys[_random.Next(Keys.Length)]] = Value(depth);
        return obj;
    }

    /// <summary>Text for an annotation: JSON of a random value, a truncated prefix of it, or plain words.</summary>
    public JsonNode AnnotationText(int depth)
    {
        var json = _random.Next(3) == 0 ? new JsonArray(Object(depth), Object(depth)).ToJsonString() : (Value(depth)?.ToJsonString() ?? "null");
        return _random.Next(4) switch
        {
            0 => JsonValue.Create(json[..(json.Length / 2)]),
            1 => JsonValue.Create(Text()),
            _ => JsonValue.Create(json),
        };
    }

    private JsonArray Array(int depth)
    {
        var array = new JsonArray();
        var count = _random.Next(4);
        for (var i = 0; i < count; i++) array.Add(Value(depth));
        return array;
    }

    private JsonNode Number() => _random.Next(6) switch
    {
        0 => JsonValue.Create(_random.Next(-5, 200)),
        1 => JsonValue.Create(_random.NextDouble() * 100),
        2 => JsonValue.Create(long.MaxValue),
        3 => JsonNode.Parse("1e400")!,
        4 => JsonNode.Parse("-0.0")!,
        _ => JsonValue.Create(decimal.MaxValue),
    };

    private string Text() => _random.Next(8) switch
    {
        0 => "\ud800 lone surrogate",
        1 => "<&>\u2028\"\\\n",
        _ => Words[_random.Next(Words.Length)],
    };
}
