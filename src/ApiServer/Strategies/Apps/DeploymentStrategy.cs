using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Apps;

/// <summary>
/// Deployments (apps/v1): SetDefaults_Deployment (replicas 1, RollingUpdate 25%/25%, revisionHistoryLimit 10,
/// progressDeadlineSeconds 600) with pod template defaults, an empty status on create, ValidateDeploymentSpec
/// and the immutable selector of apps/v1.
/// </summary>
public sealed class DeploymentStrategy : ResourceStrategy
{
    public DeploymentStrategy() => TracksGeneration = true;

    public override void PrepareForCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj["status"] = new JsonObject();
    }

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var spec = WorkloadDefaults.SpecWithTemplate(obj);
        Node.Default(spec, "replicas", 1);
        WorkloadDefaults.RollingUpdate(Node.Ensure(spec, "strategy"), "RollingUpdate", "25%", "25%");
        Node.Default(spec, "revisionHistoryLimit", 10);
        Node.Default(spec, "progressDeadlineSeconds", 600);
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
        WorkloadValidation.NonNegative(spec, "replicas", path, errs);
        var selector = WorkloadValidation.RequiredSelector(spec, path, "empty selector is invalid for deployment", "invalid label selector", errs);
        if (selector is not null)
        {
            WorkloadValidation.TemplateForReplicaSet(selector, Node.Obj(spec, "template"), path.Child("template"), "ReplicaSet", errs);
        }

        ValidateStrategy(Node.Obj(spec, "strategy"), path.Child("strategy"), errs);
        WorkloadValidation.NonNegative(spec, "minReadySeconds", path, errs);
        WorkloadValidation.NonNegative(spec, "revisionHistoryLimit", path, errs);
        if (Node.Int(spec, "progressDeadlineSeconds") is { } deadline)
        {
            WorkloadValidation.NonNegative(spec, "progressDeadlineSeconds", path, errs);
            if (deadline <= (Node.Int(spec, "minReadySeconds") ?? 0))
            {
                errs.Add(FieldError.Invalid(path.Child("progressDeadlineSeconds"), deadline, "must be greater than minReadySeconds"));
            }
        }

        return errs;
    }

    private static void ValidateStrategy(JsonObject? strategy, FieldPath path, List<FieldError> errs)
    {
        var rolling = Node.Obj(strategy, "rollingUpdate");
        switch (Node.S(strategy, "type"))
        {
            case "Recreate":
                if (rolling is not null)
                {
                    errs.Add(FieldError.Forbidden(path.Child("rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'"));
                }

                break;
            case "RollingUpdate":
                if (rolling is null)
                {
                    errs.Add(FieldError.Required(path.Child("rollingUpdate"), "this should be defaulted and never be nil"));
                    break;
                }

                var rp = path.Child("rollingUpdate");
                IntOrPercent.ValidatePositive(rolling["maxUnavailable"], rp.Child("maxUnavailable"), errs);
                IntOrPercent.ValidatePositive(rolling["maxSurge"], rp.Child("maxSurge"), errs);
                if (IntOrPercent.Value(rolling["maxUnavailable"]) == 0 && IntOrPercent.Value(rolling["maxSurge"]) == 0)
                {
                    errs.Add(FieldError.Invalid(rp.Child("maxUnavailable"), GoValue.IntOrString(rolling["maxUnavailable"]), "may not be 0 when `maxSurge` is 0"));
                }

                IntOrPercent.NotMoreThan100Percent(rolling["maxUnavailable"], rp.Child("maxUnavailable"), errs);
                break;
            default:
                errs.Add(FieldError.NotSupported(path, WorkloadValidation.Strategy("apps.DeploymentStrategy", "apps.RollingUpdateDeployment", strategy),
                    ["Recreate", "RollingUpdate"]));
                break;
        }
    }
}
