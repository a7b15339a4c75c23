using System.Text.Json.Nodes;
using Cluster.Api.Quantities;
using Cluster.Api.Validation;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Strategies.Pods;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Core;

/// <summary>
/// LimitRanges (core/v1): SetDefaults_LimitRangeItem for Container limits (default from max, defaultRequest from
/// default or min) and ValidateLimitRange's type, name and ordering checks (min &lt;= defaultRequest &lt;= default &lt;= max).
/// </summary>
public sealed class LimitRangeStrategy : ResourceStrategy
{
    private static readonly string[] Parts = ["max", "min", "default", "defaultRequest", "maxLimitRequestRatio"];

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        foreach (var (item, _) in Node.Objects(Node.Arr(Node.Obj(obj, "spec"), "limits")))
        {
            foreach (var part in Parts)
            {
                ResourceQuantities.Canonicalize(Node.Obj(item, part));
            }

            if (Node.S(item, "type") != "Container")
            {
                continue;
            }

            var defaults = Node.Ensure(item, "default");
            var defaultRequest = Node.Ensure(item, "defaultRequest");
            CopyMissing(Node.Obj(item, "max"), defaults);
            CopyMissing(defaults, defaultRequest);
            CopyMissing(Node.Obj(item, "min"), defaultRequest);
            // Go omits empty maps, so defaults that stayed empty do not appear.
            foreach (var part in new[] { "default", "defaultRequest" })
            {
                if (Node.Count(item[part]) == 0)
                {
                    item.Remove(part);
                }
            }
        }
    }

    public override IEnumerable<StatusCause> Validate(JsonObject obj)
    {
        var errs = new List<FieldError>();
        var path = FieldPath.Root("spec", "limits");
        var types = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (item, i) in Node.Objects(Node.Arr(Node.Obj(obj, "spec"), "limits")))
        {
            var p = path.Index(i);
            var type = Node.S(item, "type");
            ValidateType(type, p.Child("type"), errs);
            if (!types.Add(type))
            {
                errs.Add(FieldError.Duplicate(p.Child("type"), type));
            }

            var parsed = new Dictionary<string, Dictionary<string, Quantity>>(StringComparer.Ordinal);
            foreach (var part in Parts)
            {
                var values = parsed[part] = [];
                if (type == "Pod" && part is "default" or "defaultRequest")
                {
                    if (Node.Count(item[part]) > 0)
                    {
                        errs.Add(FieldError.Forbidden(p.Child(part), "may not be specified when `type` is 'Pod'"));
                    }

                    continue;
                }

                foreach (var (name, q) in ResourceValidation.ParseList(Node.Obj(item, part), p.Child(part), errs))
                {
                    if (type is "Pod" or "Container")
                    {
                        ResourceNames.ValidateForContainer(name, p.Child(part).Key(name), errs);
                    }
                    else
                    {
                        ResourceNames.Validate(name, p.Child(part).Key(name), errs);
                    }

                    values[name] = q;
                }
            }

            CheckOrder(parsed, p, errs);
        }

        return Causes.Of(errs);
    }

    private static void ValidateType(string type, FieldPath path, List<FieldError> errs)
    {
        var msgs = NameValidation.IsQualifiedName(type);
        foreach (var msg in msgs)
        {
            errs.Add(FieldError.Invalid(path, type, msg));
        }

        if (msgs.Count == 0 && !type.Contains('/', StringComparison.Ordinal) && type is not ("Pod" or "Container" or "PersistentVolumeClaim"))
        {
            errs.Add(FieldError.Invalid(path, type, "must be a standard limit type or fully qualified"));
        }
    }

    private static void CheckOrder(Dictionary<string, Dictionary<string, Quantity>> q, FieldPath p, List<FieldError> errs)
    {
        foreach (var name in q.Values.SelectMany(v => v.Keys).Distinct())
        {
            bool Get(string part, out Quantity value) => q[part].TryGetValue(name, out value);
            if (Get("min", out var min) && Get("max", out var max) && min > max)
            {
                errs.Add(FieldError.Invalid(p.Child("min").Key(name), min.ToString(), $"min value {min} is greater than max value {max}"));
            }

            if (Get("defaultRequest", out var request))
            {
                if (Get("min", out min) && min > request)
                {
                    errs.Add(FieldError.Invalid(p.Child("defaultRequest").Key(name), request.ToString(), $"min value {min} is greater than default request value {request}"));
                }

                if (Get("max", out max) && request > max)
                {
                    errs.Add(FieldError.Invalid(p.Child("defaultRequest").Key(name), request.ToString(), $"default request value {request} is greater than max value {max}"));
                }

                if (Get("default", out var limit) && request > limit)
                {
                    errs.Add(FieldError.Invalid(p.Child("defaultRequest").Key(name), request.ToString(), $"default request value {request} is greater than default limit value {limit}"));
                }
            }

            if (Get("default", out var dflt))
            {
                if (Get("min", out min) && min > dflt)
                {
                    errs.Add(FieldError.Invalid(p.Child("default").Key(name), min.ToString(), $"min value {min} is greater than default value {dflt}"));
                }

                if (Get("max", out max) && dflt > max)
                {
                    errs.Add(FieldError.Invalid(p.Child("default").Key(name), max.ToString(), $"default value {dflt} is greater than max value {max}"));
                }
            }

            if (Get("maxLimitRequestRatio", out var ratio) && ratio < Quantity.FromValue(1, QuantityFormat.DecimalSI))
            {
                errs.Add(FieldError.Invalid(p.Child("maxLimitRequestRatio").Key(name), ratio.ToString(), $"ratio {ratio} is less than 1"));
            }
        }
    }

    private static void CopyMissing(JsonObject? from, JsonObject to)
    {
        foreach (var (key, value) in from ?? [])
        {
            if (!to.ContainsKey(key) && value is not null)
            {
                to[key] = value.DeepClone();
            }
        }
    }
}
