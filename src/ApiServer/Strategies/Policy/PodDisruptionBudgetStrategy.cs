using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Policy;

/// <summary>
/// PodDisruptionBudgets (policy/v1): a zeroed status on create and ValidatePodDisruptionBudgetSpec (not both
/// minAvailable and maxUnavailable; each a non-negative int or a percent up to 100; a valid selector).
/// </summary>
public sealed class PodDisruptionBudgetStrategy : ResourceStrategy
{
    public PodDisruptionBudgetStrategy() => TracksGeneration = true;

    public override void PrepareForCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj["status"] = new JsonObject { ["disruptionsAllowed"] = 0, ["currentHealthy"] = 0, ["desiredHealthy"] = 0, ["expectedPods"] = 0 };
    }

    public override IEnumerable<StatusCause> Validate(JsonObject obj)
    {
        var errs = new List<FieldError>();
        var spec = Node.Obj(obj, "spec");
        var path = FieldPath.Root("spec");
        var min = spec?["minAvailable"];
        var max = spec?["maxUnavailable"];
        if (min is not null && max is not null)
        {
            errs.Add(FieldError.Invalid(path, GoValue.Json(spec), "minAvailable and maxUnavailable cannot be both set"));
        }

        foreach (var (field, value) in new[] { ("minAvailable", min), ("maxUnavailable", max) })
        {
            if (value is not null)
            {
                IntOrPercent.ValidatePositive(value, path.Child(field), errs);
                IntOrPercent.NotMoreThan100Percent(value, path.Child(field), errs);
            }
        }

        SelectorValidation.Validate(Node.Obj(spec, "selector"), path.Child("selector"), errs);
        if (Node.Str(spec, "unhealthyPodEvictionPolicy") is { } policy && policy is not ("AlwaysAllow" or "IfHealthyBudget"))
        {
            errs.Add(FieldError.NotSupported(path.Child("unhealthyPodEvictionPolicy"), policy, ["AlwaysAllow", "IfHealthyBudget"]));
        }

        return Causes.Of(errs);
    }
}
