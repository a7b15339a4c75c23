using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Strategies.Pods;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Scheduling;

/// <summary>
/// PriorityClasses (scheduling.k8s.io/v1, cluster-scoped): preemptionPolicy PreemptLowerPriority by default; a
/// value is required and at most one billion unless the name is one of the two system classes; value and
/// preemptionPolicy are immutable.
/// </summary>
public sealed class PriorityClassStrategy : ResourceStrategy
{
    public const long HighestUserDefinablePriority = 1_000_000_000;

    private static readonly Dictionary<string, long> SystemClasses = new(StringComparer.Ordinal)
    {
        ["system-node-critical"] = 2_000_001_000,
        ["system-cluster-critical"] = 2_000_000_000,
    };

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        Node.Default(obj, "preemptionPolicy", "PreemptLowerPriority");
    }

    public override IEnumerable<StatusCause> Validate(JsonObject obj) => Causes.Of(ValidateClass(obj));

    public override IEnumerable<StatusCause> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errs = ValidateClass(obj);
        if (Node.Int(obj, "value") != Node.Int(old, "value"))
        {
            errs.Add(FieldError.Forbidden(FieldPath.Root("value"), "may not be changed in an update."));
        }

        var policy = Node.Str(obj, "preemptionPolicy");
        if (policy != Node.Str(old, "preemptionPolicy"))
        {
            errs.Add(FieldError.Invalid(FieldPath.Root("preemptionPolicy"), policy, "field is immutable"));
        }

        return Causes.Of(errs);
    }

    private static List<FieldError> ValidateClass(JsonObject obj)
    {
        var errs = new List<FieldError>();
        var name = Node.S(Node.Obj(obj, "metadata"), "name");
        var value = Node.Int(obj, "value");
        if (value is null)
        {
            errs.Add(FieldError.Required(FieldPath.Root("value"), string.Empty));
        }
        else if (name.StartsWith("system-", StringComparison.Ordinal))
        {
            string? problem = !SystemClasses.TryGetValue(name, out var expected) ? $"{name} is not a known system priority class"
                : value != expected ? $"value of {name} PriorityClass must be {expected}"
                : Node.Bool(obj, "globalDefault") == true ? $"globalDefault of {name} PriorityClass must be false"
                : null;
            if (problem is not null)
            {
                errs.Add(FieldError.Forbidden(FieldPath.Root("metadata", "name"),
                    "priority class names with 'system-' prefix are reserved for system use only. error: " + problem));
            }
        }
        else if (value > HighestUserDefinablePriority)
        {
            errs.Add(FieldError.Forbidden(FieldPath.Root("value"), $"maximum allowed value of a user defined priority is {HighestUserDefinablePriority}"));
        }

        if (Node.Str(obj, "preemptionPolicy") is { } policy)
        {
            PodSpecValidation.ValidatePreemptionPolicy(policy, FieldPath.Root("preemptionPolicy"), errs);
        }

        return errs;
    }
}
