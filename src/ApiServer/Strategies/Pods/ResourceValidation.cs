using System.Text.Json.Nodes;
using Cluster.Api.Quantities;
using Cluster.Api.Validation;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Pods;

/// <summary>Container resource requirements (validateResourceRequirements, v1.32): names, quantities, requests &lt;= limits.</summary>
internal static class ResourceValidation
{
    public const string NegativeMessage = "must be greater than or equal to 0";

    public static void ValidateRequirements(JsonObject? resources, FieldPath path, List<FieldError> errs)
    {
        var limPath = path.Child("limits");
        var reqPath = path.Child("requests");
        var limits = ParseList(Node.Obj(resources, "limits"), limPath, errs);
        var requests = ParseList(Node.Obj(resources, "requests"), reqPath, errs);
        bool limCpuMem = false, reqCpuMem = false, hugePages = false;
        foreach (var (name, q) in limits)
        {
            var p = limPath.Key(name);
            ResourceNames.ValidateForContainer(name, p, errs);
            ValidateQuantityValue(name, q, p, errs);
            hugePages |= ValidateHugePages(name, q, p, errs);
            limCpuMem |= name is "cpu" or "memory";
        }

        foreach (var (name, q) in requests)
        {
            var p = reqPath.Key(name);
            ResourceNames.ValidateForContainer(name, p, errs);
            ValidateQuantityValue(name, q, p, errs);
            var limit = limits.FirstOrDefault(l => l.Name == name);
            if (limit.Name is not null)
            {
                if (q != limit.Quantity && !ResourceNames.IsOvercommitAllowed(name))
                {
                    errs.Add(FieldError.Invalid(reqPath, q.ToString(), $"must be equal to {name} limit of {limit.Quantity}"));
                }
                else if (q > limit.Quantity)
                {
                    errs.Add(FieldError.Invalid(reqPath, q.ToString(), $"must be less than or equal to {name} limit of {limit.Quantity}"));
                }
            }
            else if (!ResourceNames.IsOvercommitAllowed(name))
            {
                errs.Add(FieldError.Required(limPath, "Limit must be set for non overcommitable resources"));
            }

            hugePages |= ValidateHugePages(name, q, p, errs);
            reqCpuMem |= name is "cpu" or "memory";
        }

        if (!limCpuMem && !reqCpuMem && hugePages)
        {
            errs.Add(FieldError.Forbidden(path, "HugePages require cpu or memory"));
        }
    }

    /// <summary>ValidateResourceQuantityValue: non-negative, and whole for integer resources.</summary>
    public static void ValidateQuantityValue(string name, Quantity q, FieldPath path, List<FieldError> errs)
    {
        if (q.Sign < 0)
        {
            errs.Add(FieldError.Invalid(path, q.ToString(), NegativeMessage));
        }

        if (ResourceNames.IsInteger(name) && q.MilliValue() % 1000 != 0)
        {
            errs.Add(FieldError.Invalid(path, q.ToString(), "must be an integer"));
        }
    }

    /// <summary>The parseable entries of a resource list; unparseable ones are reported at their key.</summary>
    public static List<(string Name, Quantity Quantity)> ParseList(JsonObject? list, FieldPath path, List<FieldError> errs)
    {
        var result = new List<(string, Quantity)>();
        foreach (var (name, node) in list ?? [])
        {
            if (ResourceQuantities.TryParse(node, out var q, out var error))
            {
                result.Add((name, q));
            }
            else
            {
                errs.Add(FieldError.Invalid(path.Key(name), ResourceQuantities.Text(node) ?? node?.ToJsonString(), error));
            }
        }

        return result;
    }

    private static bool ValidateHugePages(string name, Quantity q, FieldPath path, List<FieldError> errs)
    {
        if (!ResourceNames.IsHugePages(name))
        {
            return false;
        }

        if (Quantity.TryParse(name[ResourceNames.HugePagesPrefix.Length..], out var pageSize) && pageSize.Sign > 0
            && !q.Mantissa.IsZero && (q.Value() % pageSize.Value() != 0 || q.Exponent < 0))
        {
            errs.Add(FieldError.Invalid(path, q.ToString(), $"{q} is not positive integer multiple of {name}"));
        }

        return true;
    }
}
