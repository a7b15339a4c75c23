using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Strategies.Pods;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Core;

/// <summary>
/// Nodes (core/v1, cluster-scoped): the status a kubelet posts on create is kept; allocatable defaults to
/// capacity; podCIDR and podCIDRs are kept in step. Validation covers taints and pod CIDRs, and on update that
/// pod CIDRs and the provider ID only change from unset.
/// </summary>
public sealed class NodeStrategy : ResourceStrategy
{
    public NodeStrategy() => ResetsStatusOnCreate = false;

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var spec = Node.Ensure(obj, "spec");
        var cidr = Node.S(spec, "podCIDR");
        var cidrs = Node.Arr(spec, "podCIDRs");
        if (cidr.Length > 0 && Node.Count(cidrs) == 0)
        {
            spec["podCIDRs"] = new JsonArray(cidr);
        }
        else if (cidr.Length == 0 && cidrs is { Count: > 0 } && Node.AsString(cidrs[0]) is { Length: > 0 } first)
        {
            spec["podCIDR"] = first;
        }

        if (Node.Obj(obj, "status") is { } status)
        {
            ResourceQuantities.Canonicalize(Node.Obj(status, "capacity"));
            ResourceQuantities.Canonicalize(Node.Obj(status, "allocatable"));
            if (status["allocatable"] is null && Node.Obj(status, "capacity") is { } capacity)
            {
                status["allocatable"] = capacity.DeepClone();
            }
        }
    }

    public override IEnumerable<StatusCause> Validate(JsonObject obj) => Causes.Of(ValidateNode(obj));

    public override IEnumerable<StatusCause> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errs = ValidateNode(obj);
        var spec = Node.Obj(obj, "spec");
        var oldSpec = Node.Obj(old, "spec");
        var oldCidrs = Node.Strings(Node.Arr(oldSpec, "podCIDRs"));
        if (oldCidrs.Count > 0 && !oldCidrs.SequenceEqual(Node.Strings(Node.Arr(spec, "podCIDRs"))))
        {
            errs.Add(FieldError.Forbidden(FieldPath.Root("spec", "podCIDRs"), "node updates may not change podCIDR except from \"\" to valid"));
        }

        var oldProvider = Node.S(oldSpec, "providerID");
        if (oldProvider.Length > 0 && oldProvider != Node.S(spec, "providerID"))
        {
            errs.Add(FieldError.Forbidden(FieldPath.Root("spec", "providerID"), "node updates may not change providerID except from \"\" to valid"));
        }

        return Causes.Of(errs);
    }

    private static List<FieldError> ValidateNode(JsonObject obj)
    {
        var errs = new List<FieldError>();
        var spec = Node.Obj(obj, "spec");
        var taintsPath = FieldPath.Root("spec", "taints");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (taint, i) in Node.Objects(Node.Arr(spec, "taints")))
        {
            var p = taintsPath.Index(i);
            var key = Node.S(taint, "key");
            SchedulingValidation.LabelName(key, p.Child("key"), errs);
            var value = Node.S(taint, "value");
            if (NameValidation.IsValidLabelValue(value) is { Count: > 0 } msgs)
            {
                errs.Add(FieldError.Invalid(p.Child("value"), value, string.Join(";", msgs)));
            }

            var effect = Node.S(taint, "effect");
            SchedulingValidation.ValidateTaintEffect(effect, allowEmpty: false, p.Child("effect"), errs);
            if (!seen.Add(effect + "\u0000" + key))
            {
                errs.Add(new FieldError(FieldErrorType.FieldValueDuplicate, p.ToString(), GoValue.Json(taint), "taints must be unique by key and effect pair"));
            }
        }

        var cidrs = Node.Strings(Node.Arr(spec, "podCIDRs"));
        for (var i = 0; i < cidrs.Count; i++)
        {
            if (!Formats.IsCidr(cidrs[i]))
            {
                errs.Add(FieldError.Invalid(FieldPath.Root("spec", "podCIDRs").Index(i), cidrs[i], Formats.CidrMessage));
            }
        }

        return errs;
    }
}
