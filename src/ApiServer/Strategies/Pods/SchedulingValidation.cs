using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Pods;

/// <summary>Tolerations, taints, affinity and topology spread constraints (core validation, v1.32).</summary>
internal static class SchedulingValidation
{
    public static readonly string[] TaintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

    public static void ValidateTolerations(JsonArray? tolerations, FieldPath path, List<FieldError> errs)
    {
        foreach (var (t, i) in Node.Objects(tolerations))
        {
            var p = path.Index(i);
            var key = Node.S(t, "key");
            var op = Node.S(t, "operator");
            var value = Node.S(t, "value");
            var effect = Node.S(t, "effect");
            if (key.Length > 0)
            {
                LabelName(key, p.Child("key"), errs);
            }

            if (key.Length == 0 && op != "Exists")
            {
                errs.Add(FieldError.Invalid(p.Child("operator"), op, "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
            }

            if (Node.Has(t, "tolerationSeconds") && effect != "NoExecute")
            {
                errs.Add(FieldError.Invalid(p.Child("effect"), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
            }

            switch (op)
            {
                case "Equal" or "":
                    if (NameValidation.IsValidLabelValue(value) is { Count: > 0 } msgs)
                    {
                        errs.Add(FieldError.Invalid(p.Child("operator"), value, string.Join(";", msgs)));
                    }

                    break;
                case "Exists":
                    if (value.Length > 0)
                    {
                        errs.Add(FieldError.Invalid(p.Child("operator"), value, "value must be empty when `operator` is 'Exists'"));
                    }

                    break;
                default:
                    errs.Add(FieldError.NotSupported(p.Child("operator"), op, ["Equal", "Exists"]));
                    break;
            }

            if (effect.Length > 0)
            {
                ValidateTaintEffect(effect, allowEmpty: true, p.Child("effect"), errs);
            }
        }
    }

    public static void ValidateTaintEffect(string effect, bool allowEmpty, FieldPath path, List<FieldError> errs)
    {
        if (!allowEmpty && effect.Length == 0)
        {
            errs.Add(FieldError.Required(path, string.Empty));
        }
        else if (!TaintEffects.Contains(effect))
        {
            errs.Add(FieldError.NotSupported(path, effect, TaintEffects));
        }
    }

    public static void ValidateAffinity(JsonObject? affinity, FieldPath path, List<FieldError> errs)
    {
        if (Node.Obj(affinity, "nodeAffinity") is { } node)
        {
            var np = path.Child("nodeAffinity");
            if (Node.Obj(node, "requiredDuringSchedulingIgnoredDuringExecution") is { } required)
            {
                NodeSelectorValidation.ValidateNodeSelector(required, np.Child("requiredDuringSchedulingIgnoredDuringExecution"), errs);
            }

            foreach (var (term, i) in Node.Objects(Node.Arr(node, "preferredDuringSchedulingIgnoredDuringExecution")))
            {
                var tp = np.Child("preferredDuringSchedulingIgnoredDuringExecution").Index(i);
                ValidateWeight(term, tp, errs);
                NodeSelectorValidation.ValidateTerm(Node.Obj(term, "preference"), allowInvalidValues: true, tp.Child("preference"), errs);
            }
        }

        foreach (var kind in new[] { "podAffinity", "podAntiAffinity" })
        {
            if (Node.Obj(affinity, kind) is not { } podAffinity)
            {
                continue;
            }

            var kp = path.Child(kind);
            foreach (var (term, i) in Node.Objects(Node.Arr(podAffinity, "requiredDuringSchedulingIgnoredDuringExecution")))
            {
                ValidatePodAffinityTerm(term, kp.Child("requiredDuringSchedulingIgnoredDuringExecution").Index(i), errs);
            }

            foreach (var (term, i) in Node.Objects(Node.Arr(podAffinity, "preferredDuringSchedulingIgnoredDuringExecution")))
            {
                var tp = kp.Child("preferredDuringSchedulingIgnoredDuringExecution").Index(i);
                ValidateWeight(term, tp, errs);
                ValidatePodAffinityTerm(Node.Obj(term, "podAffinityTerm"), tp.Child("podAffinityTerm"), errs);
            }
        }
    }

    public static void ValidateTopologySpread(JsonArray? constraints, FieldPath path, List<FieldError> errs)
    {
        var all = Node.Objects(constraints).ToList();
        foreach (var (c, i) in all)
        {
            var p = path.Index(i);
            var maxSkew = Node.Int(c, "maxSkew") ?? 0;
            if (maxSkew <= 0)
            {
                errs.Add(FieldError.Invalid(p.Child("maxSkew"), maxSkew, "must be greater than zero"));
            }

            var key = Node.S(c, "topologyKey");
            if (key.Length == 0)
            {
                errs.Add(FieldError.Required(p.Child("topologyKey"), "can not be empty"));
            }
            else
            {
                LabelName(key, p.Child("topologyKey"), errs);
            }

            var when = Node.S(c, "whenUnsatisfiable");
            if (when is not ("DoNotSchedule" or "ScheduleAnyway"))
            {
                errs.Add(FieldError.NotSupported(p.Child("whenUnsatisfiable"), when, ["DoNotSchedule", "ScheduleAnyway"]));
            }

            if (all.Skip(i + 1).Any(o => Node.S(o.Item, "topologyKey") == key && Node.S(o.Item, "whenUnsatisfiable") == when))
            {
                errs.Add(FieldError.Duplicate(p.Child("{topologyKey, whenUnsatisfiable}"), $"{{{key}, {when}}}"));
            }

            if (Node.Int(c, "minDomains") is { } minDomains)
            {
                if (minDomains <= 0)
                {
                    errs.Add(FieldError.Invalid(p.Child("minDomains"), minDomains, "must be greater than 0"));
                }
                else if (when != "DoNotSchedule")
                {
                    errs.Add(FieldError.Invalid(p.Child("minDomains"), minDomains,
                        $"can only use minDomains if whenUnsatisfiable=DoNotSchedule, not {when}"));
                }
            }

            SelectorValidation.Validate(Node.Obj(c, "labelSelector"), p.Child("labelSelector"), errs);
        }
    }

    public static void LabelName(string name, FieldPath path, List<FieldError> errs)
    {
        foreach (var msg in NameValidation.IsQualifiedName(name))
        {
            errs.Add(FieldError.Invalid(path, name, msg));
        }
    }

    private static void ValidateWeight(JsonObject term, FieldPath path, List<FieldError> errs)
    {
        var weight = Node.Int(term, "weight") ?? 0;
        if (weight is <= 0 or > 100)
        {
            errs.Add(FieldError.Invalid(path.Child("weight"), weight, "must be in the range 1-100"));
        }
    }

    private static void ValidatePodAffinityTerm(JsonObject? term, FieldPath path, List<FieldError> errs)
    {
        SelectorValidation.Validate(Node.Obj(term, "labelSelector"), path.Child("labelSelector"), errs);
        SelectorValidation.Validate(Node.Obj(term, "namespaceSelector"), path.Child("namespaceSelector"), errs);
        foreach (var ns in Node.Strings(Node.Arr(term, "namespaces")))
        {
            foreach (var msg in NameValidation.IsDns1123Label(ns))
            {
                errs.Add(FieldError.Invalid(path.Child("namespace"), ns, msg));
            }
        }

        var key = Node.S(term, "topologyKey");
        if (key.Length == 0)
        {
            errs.Add(FieldError.Required(path.Child("topologyKey"), "can not be empty"));
        }
        else
        {
            LabelName(key, path.Child("topologyKey"), errs);
        }
    }
}
