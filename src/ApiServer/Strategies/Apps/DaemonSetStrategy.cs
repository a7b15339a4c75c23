using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Strategies.Pods;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Apps;

/// <summary>
/// DaemonSets (apps/v1): SetDefaults_DaemonSet (RollingUpdate with maxUnavailable 1 and maxSurge 0,
/// revisionHistoryLimit 10) with template defaults, the zeroed status on create, ValidateDaemonSetSpec and the
/// immutable selector of apps/v1.
/// </summary>
public sealed class DaemonSetStrategy : ResourceStrategy
{
    public DaemonSetStrategy() => TracksGeneration = true;

    public override void PrepareForCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj["status"] = new JsonObject
        {
            ["currentNumberScheduled"] = 0,
            ["numberMisscheduled"] = 0,
            ["desiredNumberScheduled"] = 0,
            ["numberReady"] = 0,
        };
    }

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var spec = WorkloadDefaults.SpecWithTemplate(obj);
        WorkloadDefaults.RollingUpdate(Node.Ensure(spec, "updateStrategy"), "RollingUpdate", 1, 0);
        Node.Default(spec, "revisionHistoryLimit", 10);
    }

    public override IEnumerable<StatusCause> Validate(JsonObject obj) => Causes.Of(ValidateSpec(obj));

    public override IEnumerable<StatusCause> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errs = ValidateSpec(obj);
        WorkloadValidation.SelectorImmutable(obj, old, errs);
        return Causes.Of(errs);
    }

    private static List<FieldError> ValidateSpec(JsonObject obj)
    {
        var errs = new List<FieldError>();
        var spec = Node.Obj(obj, "spec");
        var path = FieldPath.Root("spec");
        var selector = Node.Obj(spec, "selector");
        SelectorValidation.Validate(selector, path.Child("selector"), errs);
        var template = Node.Obj(spec, "template");
        if (SelectorValidation.TryParse(selector, out var parsed) && !parsed.Matches(Node.Obj(Node.Obj(template, "metadata"), "labels")))
        {
            errs.Add(FieldError.Invalid(path.Child("template", "metadata", "labels"),
                GoValue.StringMap(Node.Obj(Node.Obj(template, "metadata"), "labels")), WorkloadValidation.SelectorMismatch));
        }

        if (selector is not null && SelectorValidation.IsEmpty(selector))
        {
            errs.Add(FieldError.Invalid(path.Child("selector"), GoValue.LabelSelector(selector), "empty selector is invalid for daemonset"));
        }

        PodSpecValidation.ValidateTemplate(template, path.Child("template"), errs);
        WorkloadValidation.AlwaysRestart(template, path.Child("template"), "DaemonSet", errs);
        WorkloadValidation.NonNegative(spec, "minReadySeconds", path, errs);
        ValidateUpdateStrategy(Node.Obj(spec, "updateStrategy"), path.Child("updateStrategy"), errs);
        WorkloadValidation.NonNegative(spec, "revisionHistoryLimit", path, errs);
        return errs;
    }

    private static void ValidateUpdateStrategy(JsonObject? strategy, FieldPath path, List<FieldError> errs)
    {
        switch (Node.S(strategy, "type"))
        {
            case "OnDelete":
                break;
            case "RollingUpdate":
                if (Node.Obj(strategy, "rollingUpdate") is not { } rolling)
                {
                    errs.Add(FieldError.Required(path.Child("rollingUpdate"), string.Empty));
                    return;
                }

                var rp = path.Child("rollingUpdate");
                IntOrPercent.ValidatePositive(rolling["maxUnavailable"], rp.Child("maxUnavailable"), errs);
                IntOrPercent.ValidatePositive(rolling["maxSurge"], rp.Child("maxSurge"), errs);
                IntOrPercent.NotMoreThan100Percent(rolling["maxUnavailable"], rp.Child("maxUnavailable"), errs);
                IntOrPercent.NotMoreThan100Percent(rolling["maxSurge"], rp.Child("maxSurge"), errs);
                var hasUnavailable = IntOrPercent.Value(rolling["maxUnavailable"]) != 0;
                var hasSurge = IntOrPercent.Value(rolling["maxSurge"]) != 0;
                if (hasUnavailable && hasSurge)
                {
                    errs.Add(FieldError.Invalid(rp.Child("maxSurge"), GoValue.IntOrString(rolling["maxSurge"]), "may not be set when maxUnavailable is non-zero"));
                }
                else if (!hasUnavailable && !hasSurge)
                {
                    errs.Add(FieldError.Required(rp.Child("maxUnavailable"), "cannot be 0 when maxSurge is 0"));
                }

                break;
            default:
                errs.Add(FieldError.NotSupported(path, WorkloadValidation.Strategy("apps.DaemonSetUpdateStrategy", "apps.RollingUpdateDaemonSet", strategy),
                    ["RollingUpdate", "OnDelete"]));
                break;
        }
    }
}
