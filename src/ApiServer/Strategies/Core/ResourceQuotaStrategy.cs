using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Strategies.Pods;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Core;

/// <summary>
/// ResourceQuotas (core/v1): quantities printed canonically, an empty status on create and ValidateResourceQuota's
/// key checks: quota resource names, non-negative (and whole, where required) amounts, known scopes.
/// </summary>
public sealed class ResourceQuotaStrategy : ResourceStrategy
{
    private static readonly string[] Scopes =
        ["Terminating", "NotTerminating", "BestEffort", "NotBestEffort", "PriorityClass", "CrossNamespacePodAffinity"];

    public override void PrepareForCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj["status"] = new JsonObject();
    }

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ResourceQuantities.Canonicalize(Node.Obj(Node.Obj(obj, "spec"), "hard"));
        ResourceQuantities.Canonicalize(Node.Obj(Node.Obj(obj, "status"), "hard"));
        ResourceQuantities.Canonicalize(Node.Obj(Node.Obj(obj, "status"), "used"));
    }

    public override IEnumerable<StatusCause> Validate(JsonObject obj)
    {
        var errs = new List<FieldError>();
        var spec = Node.Obj(obj, "spec");
        var hardPath = FieldPath.Root("spec", "hard");
        foreach (var (name, q) in ResourceValidation.ParseList(Node.Obj(spec, "hard"), hardPath, errs))
        {
            ResourceNames.ValidateForQuota(name, hardPath.Key(name), errs);
            ResourceValidation.ValidateQuantityValue(name, q, hardPath.Key(name), errs);
        }

        var scopes = Node.Strings(Node.Arr(spec, "scopes"));
        if (scopes.Any(s => !Scopes.Contains(s)))
        {
            errs.Add(FieldError.Invalid(FieldPath.Root("spec", "scopes"), GoValue.Strings(Node.Arr(spec, "scopes")), "unsupported scope"));
        }

        if ((scopes.Contains("BestEffort") && scopes.Contains("NotBestEffort")) || (scopes.Contains("Terminating") && scopes.Contains("NotTerminating")))
        {
            errs.Add(FieldError.Invalid(FieldPath.Root("spec", "scopes"), GoValue.Strings(Node.Arr(spec, "scopes")), "conflicting scopes"));
        }

        // Like upstream, these paths carry no index.
        foreach (var (expr, _) in Node.Objects(Node.Arr(Node.Obj(spec, "scopeSelector"), "matchExpressions")))
        {
            var p = FieldPath.Root("spec", "scopeSelector", "matchExpressions");
            var scope = Node.S(expr, "scopeName");
            if (!Scopes.Contains(scope))
            {
                errs.Add(FieldError.Invalid(p.Child("scopeName"), scope, "unsupported scope"));
            }

            var op = Node.S(expr, "operator");
            var count = Node.Count(expr["values"]);
            if (op is "In" or "NotIn" && count == 0)
            {
                errs.Add(FieldError.Required(p.Child("values"), "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector"));
            }
            else if (op is "Exists" or "DoesNotExist" && count != 0)
            {
                errs.Add(FieldError.Invalid(p.Child("values"), GoValue.Strings(Node.Arr(expr, "values")),
                    "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector"));
            }
            else if (op is not ("In" or "NotIn" or "Exists" or "DoesNotExist"))
            {
                errs.Add(FieldError.Invalid(p.Child("operator"), op, "not a valid selector operator"));
            }
        }

        return Causes.Of(errs);
    }
}
