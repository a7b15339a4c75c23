using System.Text.Json.Nodes;
using static Cluster.ApiServer.Conversion.JsonFields;

namespace Cluster.ApiServer.Conversion;

/// <summary>
/// HorizontalPodAutoscaler between autoscaling/v2 (the storage version) and autoscaling/v1, reproducing upstream's
/// conversion (Kubernetes v1.32). v1 has only <c>targetCPUUtilizationPercentage</c> and
/// <c>currentCPUUtilizationPercentage</c>; everything else v2 holds travels in v1 annotations, as JSON:
/// <list type="bullet">
/// <item><see cref="MetricsAnnotation"/>: the v2 metrics other than Resource cpu Utilization targets, in v1 shape;</item>
/// <item><see cref="BehaviorAnnotation"/>: <c>spec.behavior</c>;</item>
/// <item><see cref="CurrentMetricsAnnotation"/>: all of <c>status.currentMetrics</c>, in v1 shape;</item>
/// <item><see cref="ConditionsAnnotation"/>: <c>status.conditions</c>.</item>
/// </list>
/// These annotations are consumed and removed on the way to v2 and never appear on v2 objects. Like upstream, v1 to
/// v2 appends the cpu target after the annotation's metrics and, when no metric results, adds the default cpu
/// target of 80%; a v2 object therefore round-trips through v1 unchanged when its cpu Utilization metric (if any)
/// is its last metric. Annotations that are not valid JSON are ignored. Fields absent in the source stay absent
/// (no Go zero values are invented), and fields of the wrong JSON type read as absent.
/// </summary>
public static class HorizontalPodAutoscalerConversion
{
    public const string V1ApiVersion = "autoscaling/v1";
    public const string V2ApiVersion = "autoscaling/v2";
    public const string Kind = "HorizontalPodAutoscaler";

    public const string MetricsAnnotation = "autoscaling.alpha.kubernetes.io/metrics";
    public const string CurrentMetricsAnnotation = "autoscaling.alpha.kubernetes.io/current-metrics";
    public const string ConditionsAnnotation = "autoscaling.alpha.kubernetes.io/conditions";
    public const string BehaviorAnnotation = "autoscaling.alpha.kubernetes.io/behavior";

    /// <summary>The cpu utilization target v1 implies when it names no metric at all.</summary>
    public const int DefaultCpuUtilization = 80;

    /// <summary>The annotations that carry v2-only fields through autoscaling/v1.</summary>
    public static IReadOnlyList<string> RoundTripAnnotations { get; } =
        [MetricsAnnotation, BehaviorAnnotation, CurrentMetricsAnnotation, ConditionsAnnotation];

    /// <summary>Converts an autoscaling/v2 HorizontalPodAutoscaler to autoscaling/v1.</summary>
    public static JsonObject ToV1(JsonObject v2)
    {
        var result = Header(V1ApiVersion, v2, out var metadata);
        var annotations = new List<KeyValuePair<string, string>>();
        var spec = Object(v2, "spec");
        if (spec is not null)
        {
            var converted = CommonSpec(spec);
            var metrics = Objects(Array(spec, "metrics")).ToList();
            var cpu = metrics.FirstOrDefault(IsCpuUtilizationTarget);
            Put(converted, "targetCPUUtilizationPercentage", cpu is null ? null : Int32Node(Object(Object(cpu, "resource"), "target"), "averageUtilization"));
            var others = metrics.Where(m => !IsCpuUtilizationTarget(m)).Select(m => (JsonNode)HpaMetricSpecs.ToV1(m)).ToArray();
            if (others.Length > 0) annotations.Add(new(MetricsAnnotation, AnnotationJson.Write(new JsonArray(others))));
            if (Object(spec, "behavior") is { } behavior) annotations.Add(new(BehaviorAnnotation, HpaBehaviorAnnotation.Encode(behavior)));
            result["spec"] = converted;
        }

        if (Object(v2, "status") is { } status)
        {
            var converted = CommonStatus(status);
            var currentMetrics = Objects(Array(status, "currentMetrics")).ToList();
            foreach (var metric in currentMetrics)
            {
                // Upstream keeps the last cpu utilization it meets.
                if (IsResource(metric, out var resource) && Int32Node(Object(resource, "current"), "averageUtilization") is { } utilization)
                {
                    converted["currentCPUUtilizationPercentage"] = utilization;
                }
            }

            if (currentMetrics.Count > 0)
            {
                var encoded = new JsonArray(currentMetrics.Select(m => (JsonNode)HpaMetricStatuses.ToV1(m)).ToArray());
                annotations.Add(new(CurrentMetricsAnnotation, AnnotationJson.Write(encoded)));
            }

            var conditions = Objects(Array(status, "conditions")).Select(c => (JsonNode)HpaReferences.Condition(c)).ToArray();
            if (conditions.Length > 0) annotations.Add(new(ConditionsAnnotation, AnnotationJson.Write(new JsonArray(conditions))));
            result["status"] = converted;
        }

        if (annotations.Count > 0)
        {
            if (metadata is null)
            {
                metadata = new JsonObject();
                result.Insert(2, "metadata", metadata);
            }

            if (metadata["annotations"] is not JsonObject target)
            {
                target = new JsonObject();
                metadata["annotations"] = target;
            }

            foreach (var (key, value) in annotations) target[key] = value;
        }

        return result;
    }

    /// <summary>Converts an autoscaling/v1 HorizontalPodAutoscaler to autoscaling/v2.</summary>
    public static JsonObject ToV2(JsonObject v1)
    {
        var result = Header(V2ApiVersion, v1, out var metadata);
        var carried = Object(Object(v1, "metadata"), "annotations");
        var spec = Object(v1, "spec");
        var convertedSpec = spec is null ? new JsonObject() : CommonSpec(spec);

        var metrics = new List<JsonNode>();
        if (Int32Node(spec, "targetCPUUtilizationPercentage") is { } cpuTarget) metrics.Add(CpuTarget(cpuTarget));
        if (ReadArray(carried, MetricsAnnotation) is { } annotated)
        {
            metrics.InsertRange(0, Objects(annotated).Select(HpaMetricSpecs.ToV2));
        }

        if (metrics.Count == 0) metrics.Add(CpuTarget(JsonValue.Create(DefaultCpuUtilization)));
        convertedSpec["metrics"] = new JsonArray(metrics.ToArray());
        if (String(carried, BehaviorAnnotation) is { } behaviorText && HpaBehaviorAnnotation.Decode(behaviorText) is { } behavior)
        {
            convertedSpec["behavior"] = behavior;
        }

        result["spec"] = convertedSpec;

        var status = Object(v1, "status");
        var convertedStatus = status is null ? new JsonObject() : CommonStatus(status);
        var currentMetrics = new List<JsonNode>();
        if (Int32Node(status, "currentCPUUtilizationPercentage") is { } cpuCurrent)
        {
            currentMetrics.Add(new JsonObject
            {
                ["type"] = "Resource",
                ["resource"] = new JsonObject { ["name"] = "cpu", ["current"] = new JsonObject { ["averageUtilization"] = cpuCurrent } },
            });
        }

        if (ReadArray(carried, CurrentMetricsAnnotation) is { } annotatedStatus)
        {
            // The annotation has everything the cpu percentage has, and more.
            currentMetrics = Objects(annotatedStatus).Select(m => (JsonNode)HpaMetricStatuses.ToV2(m)).ToList();
        }

        if (currentMetrics.Count > 0) convertedStatus["currentMetrics"] = new JsonArray(currentMetrics.ToArray());
        if (ReadArray(carried, ConditionsAnnotation) is { } conditions)
        {
            var converted = Objects(conditions).Select(c => (JsonNode)HpaReferences.Condition(c)).ToArray();
            if (converted.Length > 0) convertedStatus["conditions"] = new JsonArray(converted);
        }

        if (status is not null || convertedStatus.Count > 0) result["status"] = convertedStatus;
        return result;
    }

    /// <summary>
    /// A copy of a HorizontalPodAutoscaler (any version) without the round-trip annotations, as upstream's
    /// autoscaling/v2 conversion leaves it: for objects written or read as autoscaling/v2.
    /// </summary>
    public static JsonObject DropRoundTripAnnotations(JsonObject hpa)
    {
        var copy = hpa.DeepClone().AsObject();
        if (Object(copy, "metadata") is { } metadata) DropRoundTripAnnotations(metadata, out _);
        return copy;
    }

    private static JsonObject Header(string apiVersion, JsonObject source, out JsonObject? metadata)
    {
        var result = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = Kind };
        metadata = Object(source, "metadata")?.DeepClone().AsObject();
        if (metadata is not null)
        {
            DropRoundTripAnnotations(metadata, out _);
            result["metadata"] = metadata;
        }

        return result;
    }

    private static void DropRoundTripAnnotations(JsonObject metadata, out bool dropped)
    {
        dropped = false;
        if (Object(metadata, "annotations") is not { } annotations) return;
        foreach (var key in RoundTripAnnotations) dropped |= annotations.Remove(key);

        // Go drops an emptied annotation map on output.
        if (dropped && annotations.Count == 0) metadata.Remove("annotations");
    }

    private static JsonObject CommonSpec(JsonObject spec)
    {
        var result = new JsonObject();
        if (Object(spec, "scaleTargetRef") is { } reference) result["scaleTargetRef"] = HpaReferences.Convert(reference);
        Put(result, "minReplicas", Int32Node(spec, "minReplicas"));
        Put(result, "maxReplicas", Int32Node(spec, "maxReplicas"));
        return result;
    }

    private static JsonObject CommonStatus(JsonObject status)
    {
        var result = new JsonObject();
        Put(result, "observedGeneration", Int64Node(status, "observedGeneration"));
        Put(result, "lastScaleTime", StringNode(status, "lastScaleTime"));
        Put(result, "currentReplicas", Int32Node(status, "currentReplicas"));
        Put(result, "desiredReplicas", Int32Node(status, "desiredReplicas"));
        return result;
    }

    private static bool IsCpuUtilizationTarget(JsonObject metric) =>
        IsResource(metric, out var resource) && Int32Node(Object(resource, "target"), "averageUtilization") is not null;

    private static bool IsResource(JsonObject metric, out JsonObject? resource)
    {
        resource = Object(metric, "resource");
        return String(metric, "type") == "Resource" && resource is not null && String(resource, "name") == "cpu";
    }

    private static JsonObject CpuTarget(JsonNode utilization) => new()
    {
        ["type"] = "Resource",
        ["resource"] = new JsonObject
        {
            ["name"] = "cpu",
            ["target"] = new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = utilization },
        },
    };

    /// <summary>The annotation's JSON array (JSON null reads as empty, as in Go); null when unusable.</summary>
    private static JsonArray? ReadArray(JsonObject? annotations, string key)
    {
        if (String(annotations, key) is not { } text) return null;
        var node = AnnotationJson.Read(text, out var valid);
        return !valid ? null : node as JsonArray ?? (node is null ? [] : null);
    }
}
