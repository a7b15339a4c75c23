using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Autoscaling;

/// <summary>
/// HorizontalPodAutoscalers (autoscaling/v2, and v1 by apiVersion): minReplicas 1, the default 80% CPU target,
/// filled-in scaling behavior (v2), a zeroed status on create, and the spec checks: scaleTargetRef kind and
/// name, minReplicas &gt;= 1, maxReplicas &gt;= 1 and &gt;= minReplicas, well-formed metrics.
/// </summary>
public sealed class HorizontalPodAutoscalerStrategy : ResourceStrategy
{
    private static readonly string[] MetricTypes = ["Object", "Pods", "Resource", "External", "ContainerResource"];

    public override void PrepareForCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj["status"] = IsV1(obj) ? new JsonObject { ["currentReplicas"] = 0, ["desiredReplicas"] = 0 } : new JsonObject { ["desiredReplicas"] = 0 };
    }

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var spec = Node.Ensure(obj, "spec");
        Node.Default(spec, "minReplicas", 1);
        if (IsV1(obj))
        {
            Node.Default(spec, "targetCPUUtilizationPercentage", 80);
            return;
        }

        if (Node.Count(spec["metrics"]) == 0)
        {
            spec["metrics"] = new JsonArray(new JsonObject
            {
                ["type"] = "Resource",
                ["resource"] = new JsonObject
                {
                    ["name"] = "cpu",
                    ["target"] = new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = 80 },
                },
            });
        }

        if (Node.Obj(spec, "behavior") is { } behavior)
        {
            FillRules(Node.Ensure(behavior, "scaleUp"), up: true);
            FillRules(Node.Ensure(behavior, "scaleDown"), up: false);
        }
    }

    public override IEnumerable<StatusCause> Validate(JsonObject obj)
    {
        var errs = new List<FieldError>();
        var spec = Node.Obj(obj, "spec");
        var path = FieldPath.Root("spec");
        var min = Node.Int(spec, "minReplicas");
        var max = Node.Int(spec, "maxReplicas") ?? 0;
        if (min is < 1)
        {
            errs.Add(FieldError.Invalid(path.Child("minReplicas"), min, "must be greater than or equal to 1"));
        }

        if (max < 1)
        {
            errs.Add(FieldError.Invalid(path.Child("maxReplicas"), max, "must be greater than 0"));
        }

        if (min is { } m && max < m)
        {
            errs.Add(FieldError.Invalid(path.Child("maxReplicas"), max, "must be greater than or equal to `minReplicas`"));
        }

        var refErrs = new List<FieldError>();
        var target = Node.Obj(spec, "scaleTargetRef");
        foreach (var field in new[] { "kind", "name" })
        {
            var value = Node.S(target, field);
            if (value.Length == 0)
            {
                refErrs.Add(FieldError.Required(path.Child("scaleTargetRef", field), string.Empty));
            }

            foreach (var msg in Formats.PathSegmentName(value).Where(_ => value.Length > 0))
            {
                refErrs.Add(FieldError.Invalid(path.Child("scaleTargetRef", field), value, msg));
            }
        }

        errs.AddRange(refErrs);
        if (refErrs.Count == 0)
        {
            if (IsV1(obj))
            {
                if (Node.Int(spec, "targetCPUUtilizationPercentage") is < 1 and var percent)
                {
                    errs.Add(FieldError.Invalid(path.Child("targetCPUUtilizationPercentage"), percent, "must be greater than 0"));
                }
            }
            else
            {
                ValidateMetrics(Node.Arr(spec, "metrics"), path.Child("metrics"), errs);
            }
        }

        return Causes.Of(errs);
    }

    private static bool IsV1(JsonObject obj) => Node.S(obj, "apiVersion") == "autoscaling/v1";

    private static void FillRules(JsonObject rules, bool up)
    {
        Node.Default(rules, "selectPolicy", "Max");
        if (up)
        {
            Node.Default(rules, "stabilizationWindowSeconds", 0);
            Node.Default(rules, "policies", new JsonArray(
                new JsonObject { ["type"] = "Pods", ["value"] = 4, ["periodSeconds"] = 15 },
                new JsonObject { ["type"] = "Percent", ["value"] = 100, ["periodSeconds"] = 15 }));
        }
        else
        {
            Node.Default(rules, "policies", new JsonArray(new JsonObject { ["type"] = "Percent", ["value"] = 100, ["periodSeconds"] = 15 }));
        }
    }

    private static void ValidateMetrics(JsonArray? metrics, FieldPath path, List<FieldError> errs)
    {
        foreach (var (metric, i) in Node.Objects(metrics))
        {
            var p = path.Index(i);
            var type = Node.S(metric, "type");
            if (type.Length == 0)
            {
                errs.Add(FieldError.Required(p.Child("type"), "must specify a metric source type"));
            }

            if (!MetricTypes.Contains(type))
            {
                errs.Add(FieldError.NotSupported(p.Child("type"), type, MetricTypes));
                continue;
            }

            var field = char.ToLowerInvariant(type[0]) + type[1..];
            if (Node.Obj(metric, field) is not { } source)
            {
                errs.Add(FieldError.Required(p.Child(field), "must populate information for the given metric source"));
                continue;
            }

            if (type is "Resource" or "ContainerResource" && Node.S(source, "name").Length == 0)
            {
                errs.Add(FieldError.Required(p.Child(field, "name"), "must specify a resource name"));
            }

            ValidateTarget(Node.Obj(source, "target"), p.Child(field, "target"), errs);
        }
    }

    private static void ValidateTarget(JsonObject? target, FieldPath path, List<FieldError> errs)
    {
        var type = Node.S(target, "type");
        if (type.Length == 0)
        {
            errs.Add(FieldError.Required(path.Child("type"), "must specify a metric target type"));
        }
        else if (type is not ("Utilization" or "Value" or "AverageValue"))
        {
            errs.Add(FieldError.NotSupported(path.Child("type"), type, ["Utilization", "Value", "AverageValue"]));
        }

        if (Node.Int(target, "averageUtilization") is <= 0 and var utilization)
        {
            errs.Add(FieldError.Invalid(path.Child("averageUtilization"), utilization, "must be greater than 0"));
        }
    }
}
