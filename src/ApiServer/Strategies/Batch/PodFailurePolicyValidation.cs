using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Batch;

/// <summary>A Job's podFailurePolicy (validatePodFailurePolicy and its rules, v1.32).</summary>
internal static class PodFailurePolicyValidation
{
    private static readonly string[] Actions = ["Count", "FailIndex", "FailJob", "Ignore"];
    private static readonly string[] Operators = ["In", "NotIn"];
    private static readonly string[] Statuses = ["False", "True", "Unknown"];

    public static void Validate(JsonObject policy, JsonObject? podSpec, FieldPath path, List<FieldError> errs)
    {
        var rules = Node.Arr(policy, "rules");
        var rulesPath = path.Child("rules");
        if (Node.Count(rules) > 20)
        {
            errs.Add(FieldError.TooMany(rulesPath, Node.Count(rules), 20));
        }

        var containerNames = Node.Objects(Node.Arr(podSpec, "containers")).Concat(Node.Objects(Node.Arr(podSpec, "initContainers")))
            .Select(c => Node.S(c.Item, "name")).ToHashSet(StringComparer.Ordinal);
        foreach (var (rule, i) in Node.Objects(rules))
        {
            var p = rulesPath.Index(i);
            var action = Node.S(rule, "action");
            if (action.Length == 0)
            {
                errs.Add(FieldError.Required(p.Child("action"), "valid values: [\"Count\" \"FailIndex\" \"FailJob\" \"Ignore\"]"));
            }
            else if (!Actions.Contains(action))
            {
                errs.Add(FieldError.NotSupported(p.Child("action"), action, Actions));
            }

            var onExitCodes = Node.Obj(rule, "onExitCodes");
            var onConditions = Node.Arr(rule, "onPodConditions");
            if (onExitCodes is not null)
            {
                ValidateExitCodes(onExitCodes, p.Child("onExitCodes"), containerNames, errs);
            }

            foreach (var (pattern, j) in Node.Objects(onConditions))
            {
                var pp = p.Child("onPodConditions").Index(j);
                foreach (var msg in NameValidation.IsQualifiedName(Node.S(pattern, "type")))
                {
                    errs.Add(FieldError.Invalid(pp.Child("type"), Node.S(pattern, "type"), msg));
                }

                var status = Node.S(pattern, "status");
                if (status.Length == 0)
                {
                    errs.Add(FieldError.Required(pp.Child("status"), "valid values: [\"False\" \"True\" \"Unknown\"]"));
                }
                else if (!Statuses.Contains(status))
                {
                    errs.Add(FieldError.NotSupported(pp.Child("status"), status, Statuses));
                }
            }

            if (onExitCodes is not null && Node.Count(onConditions) > 0)
            {
                errs.Add(FieldError.Invalid(p, FieldError.OmittedValue, "specifying both OnExitCodes and OnPodConditions is not supported"));
            }

            if (onExitCodes is null && Node.Count(onConditions) == 0)
            {
                errs.Add(FieldError.Invalid(p, FieldError.OmittedValue, "specifying one of OnExitCodes and OnPodConditions is required"));
            }
        }
    }

    private static void ValidateExitCodes(JsonObject onExitCodes, FieldPath path, HashSet<string> containerNames, List<FieldError> errs)
    {
        var op = Node.S(onExitCodes, "operator");
        if (op.Length == 0)
        {
            errs.Add(FieldError.Required(path.Child("operator"), "valid values: [\"In\" \"NotIn\"]"));
        }
        else if (!Operators.Contains(op))
        {
            errs.Add(FieldError.NotSupported(path.Child("operator"), op, Operators));
        }

        if (Node.Str(onExitCodes, "containerName") is { } containerName && !containerNames.Contains(containerName))
        {
            errs.Add(FieldError.Invalid(path.Child("containerName"), containerName, "must be one of the container or initContainer names in the pod template"));
        }

        var values = (Node.Arr(onExitCodes, "values") ?? []).Select(n => Node.AsLong(n) ?? 0).ToList();
        var valuesPath = path.Child("values");
        if (values.Count == 0)
        {
            errs.Add(FieldError.Invalid(valuesPath, GoValue.Literal("[]int32{}"), "at least one value is required"));
        }
        else if (values.Count > 255)
        {
            errs.Add(FieldError.TooMany(valuesPath, values.Count, 255));
        }

        var seen = new HashSet<long>();
        var ordered = true;
        for (var j = 0; j < values.Count; j++)
        {
            if (op == "In" && values[j] == 0)
            {
                errs.Add(FieldError.Invalid(valuesPath.Index(j), values[j], "must not be 0 for the In operator"));
            }

            if (!seen.Add(values[j]))
            {
                errs.Add(FieldError.Duplicate(valuesPath.Index(j), values[j]));
            }

            ordered &= j == 0 || values[j - 1] <= values[j];
        }

        if (!ordered)
        {
            errs.Add(FieldError.Invalid(valuesPath, GoValue.Json(onExitCodes["values"]), "must be ordered"));
        }
    }
}
