using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Registry;
using Cluster.ApiServer.Storage;
using Cluster.ApiServer.Strategies;

namespace Cluster.ApiServer.Handlers;

/// <summary>Validates an object's metadata for its kind: the name rule, namespace scope, labels, annotations, owners, finalizers.</summary>
public static class MetadataRules
{
    public static IEnumerable<StatusCause> Validate(JsonObject obj, ResourceDefinition r)
    {
        var meta = ObjectMeta.Of(obj);
        var errors = MetadataValidation.ValidateObjectMeta(meta, r.Namespaced, NameValidator(r.Strategy.Names), FieldPath.Root("metadata"));
        return errors.Select(ToCause);
    }

    public static StatusCause ToCause(FieldError e) => new(e.CauseType, e.ErrorBody(), e.Path);

    public static Func<string, IReadOnlyList<string>> NameValidator(NameRule rule) => rule switch
    {
        NameRule.Label => NameValidation.IsDns1123Label,
        NameRule.Dns1035Label => NameValidation.IsDns1035Label,
        NameRule.PathSegment => IsPathSegment,
        _ => NameValidation.IsDns1123Subdomain,
    };

    /// <summary>Upstream's path segment name rule (RBAC objects): no '/', no '%', not '.' or '..'.</summary>
    public static IReadOnlyList<string> IsPathSegment(string name)
    {
        if (name is "." or "..") return [$"may not be '{name}'"];
        var problems = new List<string>();
        if (name.Length > 253) problems.Add(Cluster.Api.Validation.NameValidation.MaxLenError(253)); // keeps every object addressable by URL
        foreach (var bad in (string[])["/", "%"])
        {
            if (name.Contains(bad, StringComparison.Ordinal)) problems.Add($"may not contain '{bad}'");
        }
        return problems;
    }
}
