using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Strategies.Pods;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Storage;

/// <summary>ValidatePersistentVolumeClaimSpec (v1.32): access modes, the storage request, class and volume mode.</summary>
internal static class PersistentVolumeClaimValidation
{
    public static readonly string[] AccessModes = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];

    public static void ValidateSpec(JsonObject? spec, FieldPath path, List<FieldError> errs)
    {
        var modes = Node.Strings(Node.Arr(spec, "accessModes"));
        if (modes.Count == 0)
        {
            errs.Add(FieldError.Required(path.Child("accessModes"), "at least 1 access mode is required"));
        }

        SelectorValidation.Validate(Node.Obj(spec, "selector"), path.Child("selector"), errs);
        bool once = false, other = false;
        foreach (var mode in modes)
        {
            if (!AccessModes.Contains(mode))
            {
                errs.Add(FieldError.NotSupported(path.Child("accessModes"), mode, AccessModes));
            }

            once |= mode == "ReadWriteOncePod";
            other |= mode != "ReadWriteOncePod" && AccessModes.Contains(mode);
        }

        if (once && other)
        {
            errs.Add(FieldError.Forbidden(path.Child("accessModes"), "may not use ReadWriteOncePod with other access modes"));
        }

        var storagePath = path.Child("resources").Key("storage");
        var requests = Node.Obj(Node.Obj(spec, "resources"), "requests");
        if (requests?["storage"] is not { } storage)
        {
            errs.Add(FieldError.Required(storagePath, string.Empty));
        }
        else if (!ResourceQuantities.TryParse(storage, out var q, out var error))
        {
            errs.Add(FieldError.Invalid(storagePath, ResourceQuantities.Text(storage), error));
        }
        else if (q.Sign <= 0)
        {
            errs.Add(FieldError.Invalid(storagePath, q.ToString(), "must be greater than zero"));
        }
        else
        {
            ResourceValidation.ValidateQuantityValue("storage", q, storagePath, errs);
        }

        if (Node.Str(spec, "storageClassName") is { Length: > 0 } className)
        {
            foreach (var msg in NameValidation.IsDns1123Subdomain(className))
            {
                errs.Add(FieldError.Invalid(path.Child("storageClassName"), className, msg));
            }
        }

        if (Node.Str(spec, "volumeMode") is { } volumeMode && volumeMode is not ("Block" or "Filesystem"))
        {
            errs.Add(FieldError.NotSupported(path.Child("volumeMode"), volumeMode, ["Block", "Filesystem"]));
        }
    }
}
