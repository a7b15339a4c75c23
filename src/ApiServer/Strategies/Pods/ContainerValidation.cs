using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Pods;

/// <summary>Validation of the container lists of a pod spec (validateContainers, validateInitContainers, v1.32).</summary>
internal static class ContainerValidation
{
    private const string InitForbidden = "may not be set for init containers without restartPolicy=Always";

    public static void ValidateContainers(JsonArray? containers, FieldPath path, PodValidationContext ctx, List<FieldError> errs)
    {
        if (Node.Count(containers) == 0)
        {
            errs.Add(FieldError.Required(path, string.Empty));
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (c, i) in Node.Objects(containers))
        {
            var p = path.Index(i);
            ValidateCommon(c, p, ctx, errs);
            var name = Node.S(c, "name");
            if (!names.Add(name))
            {
                errs.Add(FieldError.Duplicate(p.Child("name"), name));
            }

            if (Node.Obj(c, "lifecycle") is { } lifecycle)
            {
                ProbeValidation.ValidateLifecycle(lifecycle, p.Child("lifecycle"), ctx, errs);
            }

            ProbeValidation.ValidateProbes(c, p, ctx, errs);
            if (Node.Has(c, "restartPolicy"))
            {
                errs.Add(FieldError.Forbidden(p.Child("restartPolicy"), "may not be set for non-init containers"));
            }
        }

        CheckHostPortConflicts(Node.Objects(containers).ToList(), path, errs);
    }

    public static void ValidateInitContainers(JsonArray? inits, JsonArray? regular, FieldPath path, PodValidationContext ctx, List<FieldError> errs)
    {
        var names = new HashSet<string>(Node.Objects(regular).Select(c => Node.S(c.Item, "name")), StringComparer.Ordinal);
        foreach (var (c, i) in Node.Objects(inits))
        {
            var p = path.Index(i);
            ValidateCommon(c, p, ctx, errs);
            var restartAlways = false;
            if (Node.Str(c, "restartPolicy") is { } policy)
            {
                restartAlways = policy == "Always";
                if (!restartAlways)
                {
                    errs.Add(FieldError.NotSupported(p.Child("restartPolicy"), policy, ["Always"]));
                }
            }

            var name = Node.S(c, "name");
            if (names.Contains(name))
            {
                errs.Add(FieldError.Duplicate(p.Child("name"), name));
            }
            else if (name.Length > 0)
            {
                names.Add(name);
            }

            CheckHostPortConflicts([(c, i)], path, errs);
            if (restartAlways)
            {
                if (Node.Obj(c, "lifecycle") is { } lifecycle)
                {
                    ProbeValidation.ValidateLifecycle(lifecycle, p.Child("lifecycle"), ctx, errs);
                }

                ProbeValidation.ValidateProbes(c, p, ctx, errs);
            }
            else
            {
                foreach (var field in new[] { "lifecycle", "livenessProbe", "readinessProbe", "startupProbe" })
                {
                    if (Node.Has(c, field))
                    {
                        errs.Add(FieldError.Forbidden(p.Child(field), InitForbidden));
                    }
                }
            }

            if (Node.Count(c["resizePolicy"]) > 0)
            {
                errs.Add(FieldError.Invalid(p.Child("resizePolicy"), GoValue.Json(c["resizePolicy"]), "must not be set for init containers"));
            }
        }
    }

    /// <summary>validateContainerOnlyForPod: pods (not templates) reject images with surrounding whitespace.</summary>
    public static void ValidateImageWhitespace(JsonArray? containers, FieldPath path, List<FieldError> errs)
    {
        foreach (var (c, i) in Node.Objects(containers))
        {
            var image = Node.S(c, "image");
            if (image.Length != image.Trim().Length)
            {
                errs.Add(FieldError.Invalid(path.Index(i).Child("image"), image, "must not have leading or trailing whitespace"));
            }
        }
    }

    private static void ValidateCommon(JsonObject c, FieldPath path, PodValidationContext ctx, List<FieldError> errs)
    {
        var name = Node.S(c, "name");
        if (name.Length == 0)
        {
            errs.Add(FieldError.Required(path.Child("name"), string.Empty));
        }
        else
        {
            foreach (var msg in NameValidation.IsDns1123Label(name))
            {
                errs.Add(FieldError.Invalid(path.Child("name"), name, msg));
            }
        }

        if (Node.S(c, "image").Length == 0)
        {
            errs.Add(FieldError.Required(path.Child("image"), string.Empty));
        }

        switch (Node.S(c, "terminationMessagePolicy"))
        {
            case "File" or "FallbackToLogsOnError":
                break;
            case "":
                errs.Add(FieldError.Required(path.Child("terminationMessagePolicy"), string.Empty));
                break;
            case var other:
                errs.Add(FieldError.NotSupported(path.Child("terminationMessagePolicy"), other, ["File", "FallbackToLogsOnError"]));
                break;
        }

        ContainerFieldValidation.ValidatePorts(Node.Arr(c, "ports"), path.Child("ports"), errs);
        EnvValidation.ValidateEnv(Node.Arr(c, "env"), path.Child("env"), errs);
        EnvValidation.ValidateEnvFrom(Node.Arr(c, "envFrom"), path.Child("envFrom"), errs);
        ContainerFieldValidation.ValidateVolumeMounts(c, path, ctx, errs);
        ContainerFieldValidation.ValidatePullPolicy(Node.S(c, "imagePullPolicy"), path.Child("imagePullPolicy"), errs);
        ResourceValidation.ValidateRequirements(Node.Obj(c, "resources"), path.Child("resources"), errs);
        SecurityContextValidation.ValidateContainer(Node.Obj(c, "securityContext"), path.Child("securityContext"), errs);
    }

    private static void CheckHostPortConflicts(List<(JsonObject Item, int Index)> containers, FieldPath path, List<FieldError> errs)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (c, ci) in containers)
        {
            foreach (var (port, pi) in Node.Objects(Node.Arr(c, "ports")))
            {
                var hostPort = Node.Int(port, "hostPort") ?? 0;
                if (hostPort == 0)
                {
                    continue;
                }

                var key = $"{Node.S(port, "protocol")}/{Node.S(port, "hostIP")}/{hostPort}";
                if (!seen.Add(key))
                {
                    errs.Add(FieldError.Duplicate(path.Index(ci).Child("ports").Index(pi).Child("hostPort"), key));
                }
            }
        }
    }
}
