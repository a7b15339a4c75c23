using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Tests.Conversion;

/// <summary>
/// Seeded random valid objects: autoscaling/v2 HPAs in their defaulted form (metrics present, behavior with both
/// directions, at most one cpu utilization target and listed last) and core v1 Events, with optional fields
/// present or not at random.
/// </summary>
internal sealed class RandomValidObjects(int seed)
{
    private static readonly string[] Quantities = ["100m", "1", "1500m", "2Gi", "500Mi", "10k", "0", "1.5"];

    private readonly Random _random = new(seed);

    public JsonObject HpaV2()
    {
        var spec = new JsonObject { ["scaleTargetRef"] = Reference("Deployment") };
        Maybe(spec, "minReplicas", () => _random.Next(1, 5));
        spec["maxReplicas"] = _random.Next(5, 50);
        var metrics = new JsonArray();
        for (var i = _random.Next(0, 5); i > 0; i--) metrics.Add(OtherMetric());
        if (metrics.Count == 0 || Chance()) metrics.Add(CpuUtilization("target", "averageUtilization"));
        spec["metrics"] = metrics;
        if (Chance()) spec["behavior"] = new JsonObject { ["scaleUp"] = Rules(), ["scaleDown"] = Rules() };

        var hpa = new JsonObject
        {
            ["apiVersion"] = "autoscaling/v2",
            ["kind"] = "HorizontalPodAutoscaler",
            ["metadata"] = Metadata(),
            ["spec"] = spec,
        };
        if (Chance()) hpa["status"] = HpaStatus();
        return hpa;
    }

    public JsonObject CoreEvent()
    {
        var result = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Event", ["metadata"] = Metadata(), ["involvedObject"] = Reference("Pod") };
        Maybe(result, "reason", () => "Reason" + _random.Next(9));
        Maybe(result, "message", () => "message <&> " + _random.Next(99));
        Maybe(result, "source", () => new JsonObject { ["component"] = "kubelet", ["host"] = "node-" + _random.Next(3) });
        Maybe(result, "firstTimestamp", () => Chance() ? null : "2024-05-01T10:00:00Z");
        Maybe(result, "lastTimestamp", () => Chance() ? null : "2024-05-01T10:01:00Z");
        Maybe(result, "count", () => _random.Next(1, 100));
        Maybe(result, "type", () => Chance() ? "Normal" : "Warning");
        Maybe(result, "eventTime", () => Chance() ? null : "2024-05-01T10:00:00.000001Z");
        Maybe(result, "series", () => new JsonObject { ["count"] = _random.Next(2, 9), ["lastObservedTime"] = "2024-05-01T10:02:00.000000Z" });
        Maybe(result, "action", () => "Binding");
        Maybe(result, "related", () => Reference("Node"));
        Maybe(result, "reportingComponent", () => Chance() ? string.Empty : "kubelet");
        Maybe(result, "reportingInstance", () => Chance() ? string.Empty : "node-1");
        return result;
    }

    private JsonObject HpaStatus()
    {
        var status = new JsonObject();
        Maybe(status, "observedGeneration", () => (long)_random.Next(1, 9));
        Maybe(status, "lastScaleTime", () => "2024-05-01T10:00:00Z");
        Maybe(status, "currentReplicas", () => _random.Next(0, 9));
        status["desiredReplicas"] = _random.Next(0, 9);
        var current = new JsonArray();
        for (var i = _random.Next(0, 4); i > 0; i--) current.Add(MetricStatus());
        if (current.Count > 0) status["currentMetrics"] = current;
        var conditions = new JsonArray();
        for (var i = _random.Next(0, 3); i > 0; i--)
        {
            var condition = new JsonObject { ["type"] = "AbleToScale", ["status"] = Chance() ? "True" : "False" };
            Maybe(condition, "lastTransitionTime", () => "2024-05-01T09:00:00Z");
            Maybe(condition, "reason", () => "SucceededRescale");
            Maybe(condition, "message", () => "the HPA controller was able to update the target scale to " + _random.Next(9));
            conditions.Add(condition);
        }

        if (conditions.Count > 0) status["conditions"] = conditions;
        return status;
    }

    private JsonObject OtherMetric() => _random.Next(6) switch
    {
        0 => Source("Resource", "resource", new JsonObject { ["name"] = "memory", ["target"] = ResourceTarget() }),
        1 => Source("Resource", "resource", new JsonObject { ["name"] = "cpu", ["target"] = Target("AverageValue") }),
        2 => Source("ContainerResource", "containerResource", new JsonObject { ["name"] = Chance() ? "cpu" : "memory", ["target"] = ResourceTarget(), ["container"] = "app" }),
        3 => Source("Pods", "pods", new JsonObject { ["metric"] = Identifier(), ["target"] = Target("AverageValue") }),
        4 => Source("Object", "object", new JsonObject { ["describedObject"] = Reference("Service"), ["metric"] = Identifier(), ["target"] = Target(Chance() ? "Value" : "AverageValue") }),
        _ => Source("External", "external", new JsonObject { ["metric"] = Identifier(), ["target"] = Target(Chance() ? "Value" : "AverageValue") }),
    };

    private JsonObject MetricStatus() => _random.Next(6) switch
    {
        0 => CpuUtilization("current", "averageUtilization"),
        1 => Source("Resource", "resource", new JsonObject { ["name"] = "memory", ["current"] = Current("averageValue", "averageUtilization") }),
        2 => Source("ContainerResource", "containerResource", new JsonObject { ["name"] = "cpu", ["current"] = Current("averageValue", "averageUtilization"), ["container"] = "app" }),
        3 => Source("Pods", "pods", new JsonObject { ["metric"] = Identifier(), ["current"] = Current("averageValue") }),
        4 => Source("Object", "object", new JsonObject { ["metric"] = Identifier(), ["current"] = Current("value", "averageValue"), ["describedObject"] = Reference("Service") }),
        _ => Source("External", "external", new JsonObject { ["metric"] = Identifier(), ["current"] = Current("value", "averageValue") }),
    };

    private JsonObject CpuUtilization(string part, string field)
    {
        var values = new JsonObject();
        if (part == "target") values["type"] = "Utilization";
        values[field] = _random.Next(1, 100);
        if (part == "current" && Chance()) values["averageValue"] = Quantity();
        return Source("Resource", "resource", new JsonObject { ["name"] = "cpu", [part] = values });
    }

    private static JsonObject Source(string type, string field, JsonObject source) => new() { ["type"] = type, [field] = source };

    private JsonObject ResourceTarget() =>
        Chance() ? new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = _random.Next(1, 100) } : Target("AverageValue");

    private JsonObject Target(string type) => new()
    {
        ["type"] = type,
        [type == "Value" ? "value" : "averageValue"] = Quantity(),
    };

    private JsonObject Current(params string[] fields)
    {
        var current = new JsonObject();
        foreach (var field in fields)
        {
            Maybe(current, field, () => field == "averageUtilization" ? _random.Next(1, 100) : Quantity());
        }

        return current;
    }

    private JsonObject Identifier()
    {
        var identifier = new JsonObject { ["name"] = "metric-" + _random.Next(9) };
        Maybe(identifier, "selector", () => new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } });
        return identifier;
    }

    private JsonObject Rules()
    {
        var rules = new JsonObject();
        Maybe(rules, "stabilizationWindowSeconds", () => _random.Next(0, 3600));
        Maybe(rules, "selectPolicy", () => Chance() ? "Max" : "Disabled");
        Maybe(rules, "policies", () => new JsonArray(new JsonObject { ["type"] = "Pods", ["value"] = _random.Next(1, 9), ["periodSeconds"] = 15 }));
        return rules;
    }

    private JsonObject Metadata()
    {
        var metadata = new JsonObject { ["name"] = "o" + _random.Next(999), ["namespace"] = "default" };
        Maybe(metadata, "annotations", () => new JsonObject { ["note"] = "kept" });
        Maybe(metadata, "labels", () => new JsonObject { ["app"] = "web" });
        return metadata;
    }

    private JsonObject Reference(string kind)
    {
        var reference = new JsonObject { ["kind"] = kind, ["name"] = "n" + _random.Next(9) };
        Maybe(reference, "apiVersion", () => "v1");
        return reference;
    }

    private JsonNode Quantity() => Chance() ? JsonValue.Create(Quantities[_random.Next(Quantities.Length)]) : JsonValue.Create(_random.Next(1, 1000));

    private bool Chance() => _random.Next(2) == 0;

    private void Maybe(JsonObject target, string name, Func<JsonNode?> value)
    {
        if (Chance()) target[name] = value();
    }
}
