using System.Globalization;
using System.Text.Json.Nodes;
using Cluster.Api.Validation;

namespace Cluster.ApiServer.Strategies.Shared;

/// <summary>intstr.IntOrString checks shared by rolling updates and disruption budgets (apps validation).</summary>
internal static class IntOrPercent
{
    /// <summary>A non-negative integer or a valid percent string.</summary>
    public static void ValidatePositive(JsonNode? value, FieldPath path, List<FieldError> errs)
    {
        if (Node.AsString(value) is { } s)
        {
            foreach (var msg in Formats.Percent(s))
            {
                errs.Add(FieldError.Invalid(path, GoValue.IntOrString(value), msg));
            }
        }
        else if (Node.AsLong(value) is { } n)
        {
            if (n < 0)
            {
                errs.Add(FieldError.Invalid(path, n, "must be greater than or equal to 0"));
            }
        }
        else if (value is not null)
        {
            errs.Add(FieldError.Invalid(path, GoValue.Json(value), "must be an integer or percentage (e.g '5%%')"));
        }
    }

    /// <summary>A percent above 100 is rejected.</summary>
    public static void NotMoreThan100Percent(JsonNode? value, FieldPath path, List<FieldError> errs)
    {
        if (PercentValue(value) is > 100)
        {
            errs.Add(FieldError.Invalid(path, GoValue.IntOrString(value), "must not be greater than 100%"));
        }
    }

    /// <summary>upstream's getIntOrPercentValue: the percent number, else the integer (strings parse as ints, or 0).</summary>
    public static long Value(JsonNode? value)
    {
        if (PercentValue(value) is { } p)
        {
            return p;
        }

        if (Node.AsString(value) is { } s)
        {
            return long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : 0;
        }

        return Node.AsLong(value) ?? 0;
    }

    private static long? PercentValue(JsonNode? value) =>
        Node.AsString(value) is { } s && Formats.Percent(s).Count == 0
        && long.TryParse(s[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : null;
}
