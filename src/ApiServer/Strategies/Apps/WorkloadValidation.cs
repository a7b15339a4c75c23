using System.Text.Json.Nodes;
using Cluster.Api.Selectors;
using Cluster.Api.Validation;
using Cluster.ApiServer.Strategies.Pods;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Apps;

/// <summary>Checks shared by the apps/v1 workloads: counts, the selector and its match with the pod template.</summary>
internal static class WorkloadValidation
{
    public const string NegativeMessage = "must be greater than or equal to 0";
    public const string SelectorMismatch = "`selector` does not match template `labels`";

    /// <summary>ValidateNonnegativeField for an optional integer field.</summary>
    public static void NonNegative(JsonObject? owner, string field, FieldPath path, List<FieldError> errs)
    {
        if (Node.Int(owner, field) is < 0 and var v)
        {
            errs.Add(FieldError.Invalid(path.Child(field), v, NegativeMessage));
        }
    }

    /// <summary>
    /// A required, valid, non-empty selector (Deployment, ReplicaSet, StatefulSet); returns the parsed selector,
    /// or null when it cannot be converted (reported with <paramref name="parseFailure"/>).
    /// </summary>
    public static LabelSelector? RequiredSelector(JsonObject? spec, FieldPath specPath, string emptyMessage, string parseFailure, List<FieldError> errs)
    {
        var selector = Node.Obj(spec, "selector");
        var path = specPath.Child("selector");
        if (selector is null)
        {
            errs.Add(FieldError.Required(path, string.Empty));
        }
        else
        {
            SelectorValidation.Validate(selector, path, errs);
            if (SelectorValidation.IsEmpty(selector))
            {
                errs.Add(FieldError.Invalid(path, GoValue.LabelSelector(selector), emptyMessage));
            }
        }

        if (!SelectorValidation.TryParse(selector, out var parsed))
        {
            errs.Add(FieldError.Invalid(path, GoValue.LabelSelector(selector), parseFailure));
            return null;
        }

        return parsed;
    }

    /// <summary>The template's labels must match a non-empty selector.</summary>
    public static void TemplateMatches(LabelSelector selector, JsonObject? template, FieldPath templatePath, List<FieldError> errs)
    {
        var labels = Node.Obj(Node.Obj(template, "metadata"), "labels");
        if (!selector.IsEverything && !selector.Matches(labels))
        {
            errs.Add(FieldError.Invalid(templatePath.Child("metadata", "labels"), GoValue.StringMap(labels), SelectorMismatch));
        }
    }

    /// <summary>ValidatePodTemplateSpecForReplicaSet: selector match, template validity, restartPolicy Always.</summary>
    public static void TemplateForReplicaSet(LabelSelector selector, JsonObject? template, FieldPath path, string kind, List<FieldError> errs)
    {
        if (template is null)
        {
            errs.Add(FieldError.Required(path, string.Empty));
            return;
        }

        TemplateMatches(selector, template, path, errs);
        PodSpecValidation.ValidateTemplate(template, path, errs);
        AlwaysRestart(template, path, kind, errs);
    }

    /// <summary>Workload pods must restart always and may not have an active deadline.</summary>
    public static void AlwaysRestart(JsonObject? template, FieldPath path, string kind, List<FieldError> errs)
    {
        var spec = Node.Obj(template, "spec");
        var restart = Node.S(spec, "restartPolicy");
        if (restart != "Always")
        {
            errs.Add(FieldError.NotSupported(path.Child("spec", "restartPolicy"), restart, ["Always"]));
        }

        if (Node.Has(spec, "activeDeadlineSeconds"))
        {
            errs.Add(FieldError.Forbidden(path.Child("spec", "activeDeadlineSeconds"), $"activeDeadlineSeconds in {kind} is not Supported"));
        }
    }

    /// <summary>apps/v1 forbids changing the selector after creation.</summary>
    public static void SelectorImmutable(JsonObject obj, JsonObject old, List<FieldError> errs)
    {
        var selector = Node.Obj(Node.Obj(obj, "spec"), "selector");
        if (!Semantic.Equal(selector, Node.Obj(Node.Obj(old, "spec"), "selector")))
        {
            errs.Add(FieldError.Invalid(FieldPath.Root("spec", "selector"), GoValue.LabelSelector(selector), "field is immutable"));
        }
    }

    /// <summary>The strategy struct as a NotSupported value when the type is unknown.</summary>
    public static GoValue Strategy(string goType, string rollingType, JsonObject? strategy)
    {
        var rolling = Node.Obj(strategy, "rollingUpdate");
        return rolling is null
            ? GoValue.Literal($"{goType}{{Type:{GoValue.Quote(Node.S(strategy, "type"))}, RollingUpdate:(*{rollingType})(nil)}}")
            : GoValue.Json(strategy);
    }
}
