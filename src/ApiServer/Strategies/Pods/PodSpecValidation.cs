using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Pods;

/// <summary>
/// ValidatePodSpec and ValidatePodTemplateSpec (v1.32): volumes, containers, policies and the scheduling
/// fields, with upstream's field paths and messages. Pod-only rules are applied when the context says so.
/// </summary>
public static class PodSpecValidation
{
    private const long MaxInt32 = int.MaxValue;

    /// <summary>Validates a pod's spec (at <c>spec</c>); <paramref name="podName"/> names ephemeral volume claims.</summary>
    public static List<FieldError> ValidatePod(JsonObject? spec, string podName)
    {
        var errs = new List<FieldError>();
        var path = FieldPath.Root("spec");
        Validate(spec, path, new PodValidationContext(isPod: true, podName), errs);
        if (Node.S(spec, "serviceAccountName").Length == 0)
        {
            foreach (var (volume, vi) in Node.Objects(Node.Arr(spec, "volumes")))
            {
                foreach (var (source, si) in Node.Objects(Node.Arr(Node.Obj(volume, "projected"), "sources")))
                {
                    if (Node.Has(source, "serviceAccountToken"))
                    {
                        errs.Add(FieldError.Forbidden(path.Child("volumes").Index(vi).Child("projected", "sources").Index(si).Child("serviceAccountToken"),
                            "must not be specified when serviceAccountName is not set"));
                    }
                }
            }
        }

        ContainerValidation.ValidateImageWhitespace(Node.Arr(spec, "containers"), path.Child("containers"), errs);
        ContainerValidation.ValidateImageWhitespace(Node.Arr(spec, "initContainers"), path.Child("initContainers"), errs);
        return errs;
    }

    /// <summary>ValidatePodTemplateSpec: template labels and annotations, the spec, no ephemeral containers.</summary>
    public static void ValidateTemplate(JsonObject? template, FieldPath path, List<FieldError> errs)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(errs);
        var meta = Node.Obj(template, "metadata");
        // Upstream validates template labels at "<path>.labels", not "<path>.metadata.labels".
        MetadataValidation.ValidateLabels(meta?["labels"], path.Child("labels"), errs);
        MetadataValidation.ValidateAnnotations(meta?["annotations"], path.Child("annotations"), errs);
        var spec = Node.Obj(template, "spec");
        ValidateSpecificAnnotations(Node.Obj(meta, "annotations"), spec, path.Child("annotations"), errs);
        Validate(spec, path.Child("spec"), new PodValidationContext(isPod: false, string.Empty), errs);
        if (Node.Count(spec?["ephemeralContainers"]) > 0)
        {
            errs.Add(FieldError.Forbidden(path.Child("spec", "ephemeralContainers"), "ephemeral containers not allowed in pod template"));
        }
    }

    internal static void Validate(JsonObject? spec, FieldPath path, PodValidationContext ctx, List<FieldError> errs)
    {
        if (spec?["terminationGracePeriodSeconds"] is null)
        {
            errs.Add(FieldError.Required(path.Child("terminationGracePeriodSeconds"), string.Empty));
        }

        ctx.GracePeriod = Node.Int(spec, "terminationGracePeriodSeconds");
        ctx.RestartPolicy = Node.S(spec, "restartPolicy");
        VolumeValidation.ValidateVolumes(Node.Arr(spec, "volumes"), path.Child("volumes"), ctx, errs);
        ContainerValidation.ValidateContainers(Node.Arr(spec, "containers"), path.Child("containers"), ctx, errs);
        ContainerValidation.ValidateInitContainers(Node.Arr(spec, "initContainers"), Node.Arr(spec, "containers"), path.Child("initContainers"), ctx, errs);
        ValidateHostNetwork(spec, path, ctx, errs);
        ValidateEnum(spec, "restartPolicy", path, ["Always", "OnFailure", "Never"], errs);
        ValidateEnum(spec, "dnsPolicy", path, ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"], errs);
        MetadataValidation.ValidateLabels(spec?["nodeSelector"], path.Child("nodeSelector"), errs);
        SecurityContextValidation.ValidatePod(Node.Obj(spec, "securityContext"), path.Child("securityContext"), errs);
        SchedulingValidation.ValidateAffinity(Node.Obj(spec, "affinity"), path.Child("affinity"), errs);
        DnsConfigValidation.Validate(Node.Obj(spec, "dnsConfig"), Node.S(spec, "dnsPolicy"), path.Child("dnsConfig"), errs);
        foreach (var (gate, i) in Node.Objects(Node.Arr(spec, "readinessGates")))
        {
            SchedulingValidation.LabelName(Node.S(gate, "conditionType"), path.Child("readinessGates").Index(i).Child("conditionType"), errs);
        }

        var gates = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (gate, i) in Node.Objects(Node.Arr(spec, "schedulingGates")))
        {
            var name = Node.S(gate, "name");
            SchedulingValidation.LabelName(name, path.Child("schedulingGates").Index(i), errs);
            if (!gates.Add(name))
            {
                errs.Add(FieldError.Duplicate(path.Child("schedulingGates").Index(i), name));
            }
        }

        SchedulingValidation.ValidateTopologySpread(Node.Arr(spec, "topologySpreadConstraints"), path.Child("topologySpreadConstraints"), errs);
        Subdomain(spec, "serviceAccountName", path, errs);
        Subdomain(spec, "nodeName", path, errs);
        if (Node.Int(spec, "activeDeadlineSeconds") is { } deadline && deadline is < 1 or > MaxInt32)
        {
            errs.Add(FieldError.Invalid(path.Child("activeDeadlineSeconds"), deadline, Formats.InclusiveRange(1, MaxInt32)));
        }

        Label(spec, "hostname", path, errs);
        Label(spec, "subdomain", path, errs);
        SchedulingValidation.ValidateTolerations(Node.Arr(spec, "tolerations"), path.Child("tolerations"), errs);
        DnsConfigValidation.ValidateHostAliases(Node.Arr(spec, "hostAliases"), path.Child("hostAliases"), errs);
        Subdomain(spec, "priorityClassName", path, errs);
        if (Node.Str(spec, "runtimeClassName") is { } runtimeClass)
        {
            foreach (var msg in NameValidation.IsDns1123Subdomain(runtimeClass))
            {
                errs.Add(FieldError.Invalid(path.Child("runtimeClassName"), runtimeClass, msg));
            }
        }

        if (Node.Str(spec, "preemptionPolicy") is { } preemption)
        {
            ValidatePreemptionPolicy(preemption, path.Child("preemptionPolicy"), errs);
        }

        if (Node.Obj(spec, "overhead") is { } overhead)
        {
            ResourceValidation.ValidateRequirements(new JsonObject { ["limits"] = overhead.DeepClone() }, path.Child("overhead"), errs);
        }

        if (Node.Obj(spec, "os") is { } os)
        {
            var osName = Node.S(os, "name");
            if (osName.Length == 0)
            {
                errs.Add(FieldError.Required(path.Child("os", "name"), string.Empty));
            }
            else if (osName is not ("linux" or "windows"))
            {
                errs.Add(FieldError.NotSupported(path.Child("os", "name"), osName, ["linux", "windows"]));
            }
        }
    }

    /// <summary>ValidatePodSpecificAnnotations: the mirror-pod annotation needs a node; the deletion cost is an int32.</summary>
    internal static void ValidateSpecificAnnotations(JsonObject? annotations, JsonObject? spec, FieldPath path, List<FieldError> errs)
    {
        if (Node.Str(annotations, "kubernetes.io/config.mirror") is { } mirror && Node.S(spec, "nodeName").Length == 0)
        {
            errs.Add(FieldError.Invalid(path.Key("kubernetes.io/config.mirror"), mirror, "must set spec.nodeName if mirror pod annotation is set"));
        }

        const string deletionCost = "controller.kubernetes.io/pod-deletion-cost";
        if (Node.Str(annotations, deletionCost) is { } cost
            && !int.TryParse(cost, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            errs.Add(FieldError.Invalid(path.Key(deletionCost), cost, "must be a 32bit integer"));
        }
    }

    internal static void ValidatePreemptionPolicy(string policy, FieldPath path, List<FieldError> errs)
    {
        if (policy.Length == 0)
        {
            errs.Add(FieldError.Required(path, string.Empty));
        }
        else if (policy is not ("PreemptLowerPriority" or "Never"))
        {
            errs.Add(FieldError.NotSupported(path, policy, ["PreemptLowerPriority", "Never"]));
        }
    }

    private static void ValidateHostNetwork(JsonObject? spec, FieldPath path, PodValidationContext ctx, List<FieldError> errs)
    {
        if (Node.Bool(spec, "hostNetwork") != true)
        {
            return;
        }

        foreach (var (c, i) in Node.Objects(Node.Arr(spec, "containers")))
        {
            foreach (var (port, j) in Node.Objects(Node.Arr(c, "ports")))
            {
                var hostPort = Node.Int(port, "hostPort") ?? 0;
                var containerPort = Node.Int(port, "containerPort") ?? 0;
                if ((ctx.IsPod || hostPort != 0) && hostPort != containerPort)
                {
                    errs.Add(FieldError.Invalid(path.Child("containers").Index(i).Child("ports").Index(j).Child("containerPort"),
                        containerPort, "must match `hostPort` when `hostNetwork` is true"));
                }
            }
        }
    }

    private static void ValidateEnum(JsonObject? spec, string field, FieldPath path, string[] values, List<FieldError> errs)
    {
        var value = Node.S(spec, field);
        if (value.Length == 0)
        {
            errs.Add(FieldError.Required(path.Child(field), string.Empty));
        }
        else if (!values.Contains(value))
        {
            errs.Add(FieldError.NotSupported(path.Child(field), value, values));
        }
    }

    private static void Subdomain(JsonObject? spec, string field, FieldPath path, List<FieldError> errs)
    {
        var value = Node.S(spec, field);
        if (value.Length > 0)
        {
            foreach (var msg in NameValidation.IsDns1123Subdomain(value))
            {
                errs.Add(FieldError.Invalid(path.Child(field), value, msg));
            }
        }
    }

    private static void Label(JsonObject? spec, string field, FieldPath path, List<FieldError> errs)
    {
        var value = Node.S(spec, field);
        if (value.Length > 0)
        {
            foreach (var msg in NameValidation.IsDns1123Label(value))
            {
                errs.Add(FieldError.Invalid(path.Child(field), value, msg));
            }
        }
    }
}
