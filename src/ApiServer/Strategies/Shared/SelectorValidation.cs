using System.Text.Json.Nodes;
using Cluster.Api.Selectors;
using Cluster.Api.Validation;

namespace Cluster.ApiServer.Strategies.Shared;

/// <summary>metav1.LabelSelector checks (apimachinery's ValidateLabelSelector) and conversion to a selector.</summary>
internal static class SelectorValidation
{
    /// <summary>Validates matchLabels and matchExpressions; a null selector is valid.</summary>
    public static void Validate(JsonObject? selector, FieldPath path, List<FieldError> errs)
    {
        if (selector is null)
        {
            return;
        }

        MetadataValidation.ValidateLabels(selector["matchLabels"], path.Child("matchLabels"), errs);
        foreach (var (expr, i) in Node.Objects(Node.Arr(selector, "matchExpressions")))
        {
            var p = path.Child("matchExpressions").Index(i);
            var op = Node.S(expr, "operator");
            var values = Node.Arr(expr, "values");
            switch (op)
            {
                case "In" or "NotIn":
                    if (Node.Count(values) == 0)
                    {
                        errs.Add(FieldError.Required(p.Child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
                    }

                    break;
                case "Exists" or "DoesNotExist":
                    if (Node.Count(values) > 0)
                    {
                        errs.Add(FieldError.Forbidden(p.Child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                    }

                    break;
                default:
                    errs.Add(FieldError.Invalid(p.Child("operator"), op, "not a valid selector operator"));
                    break;
            }

            var key = Node.S(expr, "key");
            foreach (var msg in NameValidation.IsQualifiedName(key))
            {
                errs.Add(FieldError.Invalid(p.Child("key"), key, msg));
            }

            var vi = 0;
            foreach (var value in Node.Strings(values))
            {
                foreach (var msg in NameValidation.IsValidLabelValue(value))
                {
                    errs.Add(FieldError.Invalid(p.Child("values").Index(vi), value, msg));
                }

                vi++;
            }
        }
    }

    /// <summary>Converts like LabelSelectorAsSelector: null is Nothing; false when the selector is malformed.</summary>
    public static bool TryParse(JsonObject? selector, out LabelSelector result)
    {
        try
        {
            result = LabelSelector.FromJson(selector);
            return true;
        }
        catch (SelectorParseException)
        {
            result = LabelSelector.Nothing;
            return false;
        }
    }

    /// <summary>Whether the selector has no matchLabels and no matchExpressions.</summary>
    public static bool IsEmpty(JsonObject? selector) =>
        Node.Count(selector?["matchLabels"]) + Node.Count(selector?["matchExpressions"]) == 0;
}
