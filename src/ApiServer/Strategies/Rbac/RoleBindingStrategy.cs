using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Rbac;

/// <summary>
/// RoleBindings and ClusterRoleBindings (rbac.authorization.k8s.io/v1): roleRef and subject apiGroups defaulted,
/// ValidateRoleBinding (a Role or ClusterRole reference, valid subjects) and an immutable roleRef.
/// </summary>
public sealed class RoleBindingStrategy : ResourceStrategy
{
    private readonly bool _namespaced;

    /// <param name="namespaced">True for RoleBinding, false for ClusterRoleBinding.</param>
    public RoleBindingStrategy(bool namespaced)
    {
        _namespaced = namespaced;
        Names = NameRule.PathSegment;
    }

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        RbacRules.DefaultBinding(obj);
    }

    public override IEnumerable<StatusCause> Validate(JsonObject obj)
    {
        var errs = new List<FieldError>();
        RbacRules.ValidateBinding(obj, _namespaced, errs);
        return Causes.Of(errs);
    }

    public override IEnumerable<StatusCause> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errs = new List<FieldError>();
        RbacRules.ValidateBinding(obj, _namespaced, errs);
        var roleRef = Node.Obj(obj, "roleRef");
        if (!Semantic.Equal(roleRef, Node.Obj(old, "roleRef")))
        {
            errs.Add(FieldError.Invalid(FieldPath.Root("roleRef"), GoValue.Literal(
                $"rbac.RoleRef{{APIGroup:{GoValue.Quote(Node.S(roleRef, "apiGroup"))}, Kind:{GoValue.Quote(Node.S(roleRef, "kind"))}, Name:{GoValue.Quote(Node.S(roleRef, "name"))}}}"),
                "cannot change roleRef"));
        }

        return Causes.Of(errs);
    }
}
