using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cluster.Api.Validation;

/// <summary>
/// Kubernetes' ObjectMeta validation for create (k8s.io/apimachinery/pkg/api/validation, v1.32) over the
/// metadata JSON object: name or generateName, namespace against the resource's scope, generation, labels,
/// annotations (keys and 256 KiB total size), ownerReferences, finalizers and managedFields. Errors come in
/// upstream's order and with upstream's texts; map entries are checked in JSON order. Pure and thread-safe.
/// </summary>
public static class MetadataValidation
{
    /// <summary>Limit on the summed UTF-8 length of all annotation keys and values.</summary>
    public const int TotalAnnotationSizeLimitBytes = 256 * 1024;

    /// <summary>Limit on managedFields[].manager.</summary>
    public const int FieldManagerMaxLength = 128;

    /// <summary>Limit on managedFields[].subresource.</summary>
    public const int MaxSubresourceNameLength = 256;

    private const string FinalizerOrphanDependents = "orphan";
    private const string FinalizerDeleteDependents = "foregroundDeletion";

    /// <summary>
    /// Validates <paramref name="meta"/> (an object's metadata) for creation. <paramref name="nameValidator"/>
    /// checks metadata.name, e.g. <see cref="NameValidation.IsDns1123Subdomain"/>; generateName is checked with
    /// the same function after upstream's trailing-dash masking, since a generated suffix follows it.
    /// </summary>
    public static List<FieldError> ValidateObjectMeta(
        JsonObject meta, bool namespaced, Func<string, IReadOnlyList<string>> nameValidator, FieldPath path)
    {
        ArgumentNullException.ThrowIfNull(meta);
        ArgumentNullException.ThrowIfNull(nameValidator);
        ArgumentNullException.ThrowIfNull(path);
        var errs = new List<FieldError>();

        var generateName = MetadataJson.GetString(meta, "generateName", path, errs);
        if (generateName.Length != 0)
        {
            foreach (var msg in nameValidator(MaskTrailingDash(generateName)))
            {
                errs.Add(FieldError.Invalid(path.Child("generateName"), generateName, msg));
            }
        }

        var name = MetadataJson.GetString(meta, "name", path, errs);
        if (name.Length == 0)
        {
            errs.Add(FieldError.Required(path.Child("name"), "name or generateName is required"));
        }
        else
        {
            foreach (var msg in nameValidator(name))
            {
                errs.Add(FieldError.Invalid(path.Child("name"), name, msg));
            }
        }

        var ns = MetadataJson.GetString(meta, "namespace", path, errs);
        if (namespaced)
        {
            if (ns.Length == 0)
            {
                errs.Add(FieldError.Required(path.Child("namespace"), string.Empty));
            }
            else
            {
                foreach (var msg in NameValidation.IsDns1123Label(ns))
                {
                    errs.Add(FieldError.Invalid(path.Child("namespace"), ns, msg));
                }
            }
        }
        else if (ns.Length != 0)
        {
            errs.Add(FieldError.Forbidden(path.Child("namespace"), "not allowed on this type"));
        }

        if (meta["generation"] is JsonValue generation && generation.TryGetValue<JsonElement>(out var g)
            && g.ValueKind == JsonValueKind.Number && g.TryGetInt64(out var gen) && gen < 0)
        {
            errs.Add(FieldError.Invalid(path.Child("generation"), gen, "must be greater than or equal to 0"));
        }

        ValidateLabels(meta["labels"], path.Child("labels"), errs);
        ValidateAnnotations(meta["annotations"], path.Child("annotations"), errs);
        ValidateOwnerReferences(meta["ownerReferences"], path.Child("ownerReferences"), errs);
        ValidateFinalizers(meta["finalizers"], path.Child("finalizers"), errs);
        ValidateManagedFields(meta["managedFields"], path.Child("managedFields"), errs);
        return errs;
    }

    /// <summary>Checks a labels map: every key a qualified name, every value a valid label value.</summary>
    public static void ValidateLabels(JsonNode? labels, FieldPath path, List<FieldError> errs)
    {
        ArgumentNullException.ThrowIfNull(errs);
        foreach (var (key, value) in MetadataJson.StringMap(labels, path, errs))
        {
            foreach (var msg in NameValidation.IsQualifiedName(key))
            {
                errs.Add(FieldError.Invalid(path, key, msg));
            }

            foreach (var msg in NameValidation.IsValidLabelValue(value))
            {
                errs.Add(FieldError.Invalid(path, value, msg));
            }
        }
    }

    /// <summary>Checks an annotations map: keys are qualified names (case-insensitively), total size at most 256 KiB.</summary>
    public static void ValidateAnnotations(JsonNode? annotations, FieldPath path, List<FieldError> errs)
    {
        ArgumentNullException.ThrowIfNull(errs);
        long total = 0;
        foreach (var (key, value) in MetadataJson.StringMap(annotations, path, errs))
        {
            foreach (var msg in NameValidation.IsQualifiedName(key.ToLowerInvariant()))
            {
                errs.Add(FieldError.Invalid(path, key, msg));
            }

            total += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value);
        }

        if (total > TotalAnnotationSizeLimitBytes)
        {
            errs.Add(FieldError.TooLong(path, TotalAnnotationSizeLimitBytes));
        }
    }

    /// <summary>Checks finalizer names (qualified names) and that "orphan" and "foregroundDeletion" are not both set.</summary>
    public static void ValidateFinalizers(JsonNode? finalizers, FieldPath path, List<FieldError> errs)
    {
        ArgumentNullException.ThrowIfNull(errs);
        var list = MetadataJson.StringList(finalizers, path, errs);
        foreach (var finalizer in list)
        {
            foreach (var msg in NameValidation.IsQualifiedName(finalizer))
            {
                errs.Add(FieldError.Invalid(path, finalizer, msg));
            }
        }

        if (list.Contains(FinalizerOrphanDependents) && list.Contains(FinalizerDeleteDependents))
        {
            errs.Add(FieldError.Invalid(path, list,
                $"finalizer {FinalizerOrphanDependents} and {FinalizerDeleteDependents} cannot be both set"));
        }
    }

    /// <summary>
    /// Checks owner references: apiVersion has a version, kind, name and uid are set, Events do not own,
    /// at most one reference is the controller. Like upstream, the paths are not indexed.
    /// </summary>
    public static void ValidateOwnerReferences(JsonNode? ownerReferences, FieldPath path, List<FieldError> errs)
    {
        ArgumentNullException.ThrowIfNull(errs);
        if (ownerReferences is null)
        {
            return;
        }

        if (ownerReferences is not JsonArray refs)
        {
            errs.Add(FieldError.TypeInvalid(path, ownerReferences, "must be of type array"));
            return;
        }

        string? firstController = null;
        foreach (var node in refs)
        {
            if (node is not JsonObject reference)
            {
                errs.Add(FieldError.TypeInvalid(path, node, "must be of type object"));
                continue;
            }

            var apiVersion = MetadataJson.GetString(reference, "apiVersion", path, errs);
            var kind = MetadataJson.GetString(reference, "kind", path, errs);
            var name = MetadataJson.GetString(reference, "name", path, errs);
            var uid = MetadataJson.GetString(reference, "uid", path, errs);
            var (group, version) = ParseGroupVersion(apiVersion);
            if (version.Length == 0)
            {
                errs.Add(FieldError.Invalid(path.Child("apiVersion"), apiVersion, "version must not be empty"));
            }

            if (kind.Length == 0)
            {
                errs.Add(FieldError.Invalid(path.Child("kind"), kind, "kind must not be empty"));
            }

            if (name.Length == 0)
            {
                errs.Add(FieldError.Invalid(path.Child("name"), name, "name must not be empty"));
            }

            if (uid.Length == 0)
            {
                errs.Add(FieldError.Invalid(path.Child("uid"), uid, "uid must not be empty"));
            }

            if (group.Length == 0 && version == "v1" && kind == "Event")
            {
                errs.Add(FieldError.Invalid(path, reference, "/v1, Kind=Event is disallowed from being an owner"));
            }

            if (reference["controller"] is JsonValue c && c.TryGetValue<bool>(out var isController) && isController)
            {
                var current = kind + "/" + name;
                if (firstController is not null)
                {
                    errs.Add(FieldError.Invalid(path, refs,
                        $"Only one reference can have Controller set to true. Found \"true\" in references for {firstController} and {current}"));
                }
                else
                {
                    firstController = current;
                }
            }
        }
    }

    /// <summary>Checks managedFields entries: operation, fieldsType, manager and subresource.</summary>
    public static void ValidateManagedFields(JsonNode? managedFields, FieldPath path, List<FieldError> errs)
    {
        ArgumentNullException.ThrowIfNull(errs);
        if (managedFields is null)
        {
            return;
        }

        if (managedFields is not JsonArray entries)
        {
            errs.Add(FieldError.TypeInvalid(path, managedFields, "must be of type array"));
            return;
        }

        for (var i = 0; i < entries.Count; i++)
        {
            var entryPath = path.Index(i);
            if (entries[i] is not JsonObject entry)
            {
                errs.Add(FieldError.TypeInvalid(entryPath, entries[i], "must be of type object"));
                continue;
            }

            var operation = MetadataJson.GetString(entry, "operation", entryPath, errs);
            if (operation is not ("Apply" or "Update"))
            {
                errs.Add(FieldError.Invalid(entryPath.Child("operation"), operation, "must be `Apply` or `Update`"));
            }

            var fieldsType = MetadataJson.GetString(entry, "fieldsType", entryPath, errs);
            if (fieldsType.Length > 0 && fieldsType != "FieldsV1")
            {
                errs.Add(FieldError.Invalid(entryPath.Child("fieldsType"), fieldsType, "must be `FieldsV1`"));
            }

            var manager = MetadataJson.GetString(entry, "manager", entryPath, errs);
            if (Encoding.UTF8.GetByteCount(manager) > FieldManagerMaxLength)
            {
                errs.Add(FieldError.TooLong(entryPath.Child("manager"), FieldManagerMaxLength));
            }

            var bytePos = 0;
            foreach (var rune in manager.EnumerateRunes())
            {
                if (!GoFormat.IsPrint(rune))
                {
                    errs.Add(FieldError.Invalid(entryPath.Child("manager"), manager, string.Create(CultureInfo.InvariantCulture,
                        $"invalid character U+{rune.Value:X4} (at position {bytePos})")));
                }

                bytePos += rune.Utf8SequenceLength;
            }

            var subresource = MetadataJson.GetString(entry, "subresource", entryPath, errs);
            if (Encoding.UTF8.GetByteCount(subresource) > MaxSubresourceNameLength)
            {
                errs.Add(FieldError.TooLong(entryPath.Child("subresource"), MaxSubresourceNameLength));
            }
        }
    }

    // Upstream's maskTrailingDash: it drops the last two characters and appends 'a', so a generateName such
    // as "ab-" is checked as "aa". Reproduced as is.
    internal static string MaskTrailingDash(string name) =>
        name.Length > 1 && name.EndsWith('-') ? name[..^2] + "a" : name;

    // Like schema.ParseGroupVersion: "" and "/" are empty, "v1" is the core group, more than one '/' is invalid.
    private static (string Group, string Version) ParseGroupVersion(string apiVersion)
    {
        if (apiVersion.Length == 0 || apiVersion == "/")
        {
            return (string.Empty, string.Empty);
        }

        var parts = apiVersion.Split('/');
        return parts.Length switch
        {
            1 => (string.Empty, apiVersion),
            2 => (parts[0], parts[1]),
            _ => (string.Empty, string.Empty),
        };
    }
}
