using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Pods;

/// <summary>Pod and container security contexts (the id ranges, seccomp profiles and the listed enums, v1.32).</summary>
internal static class SecurityContextValidation
{
    private const long MaxId = int.MaxValue;

    public static void ValidateContainer(JsonObject? sc, FieldPath path, List<FieldError> errs)
    {
        if (sc is null)
        {
            return;
        }

        ValidateId(sc, "runAsUser", path, errs);
        ValidateId(sc, "runAsGroup", path, errs);
        if (Node.Str(sc, "procMount") is { } procMount && procMount is not ("Default" or "Unmasked"))
        {
            errs.Add(FieldError.NotSupported(path.Child("procMount"), procMount, ["Default", "Unmasked"]));
        }

        ValidateSeccomp(Node.Obj(sc, "seccompProfile"), path.Child("seccompProfile"), errs);
        if (Node.Bool(sc, "allowPrivilegeEscalation") == false)
        {
            if (Node.Bool(sc, "privileged") == true)
            {
                errs.Add(FieldError.Invalid(path, GoValue.Json(sc), "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"));
            }

            if (Node.Strings(Node.Arr(Node.Obj(sc, "capabilities"), "add")).Contains("CAP_SYS_ADMIN"))
            {
                errs.Add(FieldError.Invalid(path, GoValue.Json(sc), "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN"));
            }
        }
    }

    public static void ValidatePod(JsonObject? sc, FieldPath path, List<FieldError> errs)
    {
        if (sc is null)
        {
            return;
        }

        ValidateId(sc, "fsGroup", path, errs);
        ValidateId(sc, "runAsUser", path, errs);
        ValidateId(sc, "runAsGroup", path, errs);
        foreach (var (gid, i) in (Node.Arr(sc, "supplementalGroups") ?? []).Select((n, i) => (Node.AsLong(n) ?? 0, i)))
        {
            if (gid is < 0 or > MaxId)
            {
                errs.Add(FieldError.Invalid(path.Child("supplementalGroups").Index(i), gid, Formats.InclusiveRange(0, MaxId)));
            }
        }

        if (Node.Str(sc, "fsGroupChangePolicy") is { } fsPolicy && fsPolicy is not ("OnRootMismatch" or "Always"))
        {
            errs.Add(FieldError.NotSupported(path.Child("fsGroupChangePolicy"), fsPolicy, ["Always", "OnRootMismatch"]));
        }

        ValidateSeccomp(Node.Obj(sc, "seccompProfile"), path.Child("seccompProfile"), errs);
        if (Node.Str(sc, "supplementalGroupsPolicy") is { } sgPolicy && sgPolicy is not ("Merge" or "Strict"))
        {
            errs.Add(FieldError.NotSupported(path.Child("supplementalGroupsPolicy"), sgPolicy, ["Merge", "Strict"]));
        }

        foreach (var (sysctl, i) in Node.Objects(Node.Arr(sc, "sysctls")))
        {
            if (Node.S(sysctl, "name").Length == 0)
            {
                errs.Add(FieldError.Required(path.Child("sysctls").Index(i).Child("name"), string.Empty));
            }
        }
    }

    private static void ValidateId(JsonObject sc, string field, FieldPath path, List<FieldError> errs)
    {
        if (Node.Int(sc, field) is { } id && id is < 0 or > MaxId)
        {
            errs.Add(FieldError.Invalid(path.Child(field), id, Formats.InclusiveRange(0, MaxId)));
        }
    }

    private static void ValidateSeccomp(JsonObject? profile, FieldPath path, List<FieldError> errs)
    {
        if (profile is null)
        {
            return;
        }

        var type = Node.S(profile, "type");
        switch (type)
        {
            case "Localhost" or "RuntimeDefault" or "Unconfined":
                break;
            case "":
                errs.Add(FieldError.Required(path.Child("type"), "type is required when seccompProfile is set"));
                break;
            default:
                errs.Add(FieldError.NotSupported(path.Child("type"), type, ["Localhost", "RuntimeDefault", "Unconfined"]));
                break;
        }

        if (type == "Localhost")
        {
            if (Node.Str(profile, "localhostProfile") is not { } local)
            {
                errs.Add(FieldError.Required(path.Child("localhostProfile"), "must be set when seccomp type is Localhost"));
            }
            else
            {
                VolumeValidation.ValidateLocalDescendingPath(local, path.Child("localhostProfile"), errs);
            }
        }
        else if (Node.Has(profile, "localhostProfile"))
        {
            errs.Add(FieldError.Invalid(path.Child("localhostProfile"), GoValue.Json(profile), "can only be set when seccomp type is Localhost"));
        }
    }
}
