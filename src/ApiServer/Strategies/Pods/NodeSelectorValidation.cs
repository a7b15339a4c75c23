using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Pods;

/// <summary>Node selectors of node affinity (ValidateNodeSelector and its terms, v1.32).</summary>
internal static class NodeSelectorValidation
{
    public static void ValidateNodeSelector(JsonObject selector, FieldPath path, List<FieldError> errs)
    {
        var terms = Node.Arr(selector, "nodeSelectorTerms");
        var termsPath = path.Child("nodeSelectorTerms");
        if (Node.Count(terms) == 0)
        {
            errs.Add(FieldError.Required(termsPath, "must have at least one node selector term"));
            return;
        }

        foreach (var (term, i) in Node.Objects(terms))
        {
            ValidateTerm(term, allowInvalidValues: false, termsPath.Index(i), errs);
        }
    }

    public static void ValidateTerm(JsonObject? term, bool allowInvalidValues, FieldPath path, List<FieldError> errs)
    {
        foreach (var (req, j) in Node.Objects(Node.Arr(term, "matchExpressions")))
        {
            var p = path.Child("matchExpressions").Index(j);
            var values = Node.Strings(Node.Arr(req, "values"));
            var op = Node.S(req, "operator");
            switch (op)
            {
                case "In" or "NotIn":
                    if (values.Count == 0)
                    {
                        errs.Add(FieldError.Required(p.Child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
                    }

                    break;
                case "Exists" or "DoesNotExist":
                    if (values.Count > 0)
                    {
                        errs.Add(FieldError.Forbidden(p.Child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                    }

                    break;
                case "Gt" or "Lt":
                    if (values.Count != 1)
                    {
                        errs.Add(FieldError.Required(p.Child("values"), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
                    }

                    break;
                default:
                    errs.Add(FieldError.Invalid(p.Child("operator"), op, "not a valid selector operator"));
                    break;
            }

            SchedulingValidation.LabelName(Node.S(req, "key"), p.Child("key"), errs);
            if (!allowInvalidValues)
            {
                for (var v = 0; v < values.Count; v++)
                {
                    foreach (var msg in NameValidation.IsValidLabelValue(values[v]))
                    {
                        errs.Add(FieldError.Invalid(p.Child("values").Index(v), values[v], msg));
                    }
                }
            }
        }

        foreach (var (req, j) in Node.Objects(Node.Arr(term, "matchFields")))
        {
            var p = path.Child("matchFields").Index(j);
            var op = Node.S(req, "operator");
            if (op is "In" or "NotIn")
            {
                if (Node.Count(req["values"]) != 1)
                {
                    errs.Add(FieldError.Required(p.Child("values"), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
                }
            }
            else
            {
                errs.Add(FieldError.Invalid(p.Child("operator"), op, "not a valid selector operator"));
            }

            var key = Node.S(req, "key");
            if (key != "metadata.name")
            {
                errs.Add(FieldError.Invalid(p.Child("key"), key, "not a valid field selector key"));
            }
        }
    }
}
