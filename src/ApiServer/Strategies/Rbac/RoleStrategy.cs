using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Rbac;

/// <summary>
/// Roles and ClusterRoles (rbac.authorization.k8s.io/v1): path-segment names and ValidatePolicyRule for every
/// rule (verbs required; resources with API groups, or non-resource URLs for cluster roles only); a cluster
/// role's aggregationRule needs at least one selector.
/// </summary>
public sealed class RoleStrategy : ResourceStrategy
{
    private readonly bool _namespaced;

    /// <param name="namespaced">True for Role, false for ClusterRole.</param>
    public RoleStrategy(bool namespaced)
    {
        _namespaced = namespaced;
        Names = NameRule.PathSegment;
    }

    public override IEnumerable<StatusCause> Validate(JsonObject obj)
    {
        var errs = new List<FieldError>();
        foreach (var (rule, i) in Node.Objects(Node.Arr(obj, "rules")))
        {
            RbacRules.ValidateRule(rule, _namespaced, FieldPath.Root("rules").Index(i), errs);
        }

        if (!_namespaced && Node.Obj(obj, "aggregationRule") is { } aggregation)
        {
            var selectors = Node.Arr(aggregation, "clusterRoleSelectors");
            if (Node.Count(selectors) == 0)
            {
                errs.Add(FieldError.Required(FieldPath.Root("aggregationRule", "clusterRoleSelectors"),
                    "at least one clusterRoleSelector required if aggregationRule is non-nil"));
            }

            foreach (var (selector, i) in Node.Objects(selectors))
            {
                SelectorValidation.Validate(selector, FieldPath.Root("aggregationRule", "clusterRoleSelectors").Index(i), errs);
            }
        }

        return Causes.Of(errs);
    }
}
