using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Strategies.Shared;
using Cluster.ApiServer.Strategies.Storage;

namespace Cluster.ApiServer.Strategies.Pods;

/// <summary>Pod volumes (ValidateVolumes and validateVolumeSource, v1.32) and the path rules they share.</summary>
internal static class VolumeValidation
{
    private const string FileModeMessage = "must be a number between 0 and 0777 (octal), both inclusive";

    private static readonly string[] HostPathTypes =
        ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"];

    // Upstream's order of source checks; the second source found is reported, under these (sometimes odd) names.
    private static readonly (string Key, string ForbiddenName)[] SourceOrder =
    [
        ("emptyDir", "emptyDir"), ("hostPath", "hostPath"), ("gitRepo", "gitRepo"), ("gcePersistentDisk", "gcePersistentDisk"),
        ("awsElasticBlockStore", "awsElasticBlockStore"), ("secret", "secret"), ("nfs", "nfs"), ("iscsi", "iscsi"),
        ("glusterfs", "glusterfs"), ("flocker", "flocker"), ("persistentVolumeClaim", "persistentVolumeClaim"), ("rbd", "rbd"),
        ("cinder", "cinder"), ("cephfs", "cephFS"), ("quobyte", "quobyte"), ("downwardAPI", "downwarAPI"), ("fc", "fc"),
        ("flexVolume", "flexVolume"), ("configMap", "configMap"), ("azureFile", "azureFile"), ("vsphereVolume", "vsphereVolume"),
        ("photonPersistentDisk", "photonPersistentDisk"), ("portworxVolume", "portworxVolume"), ("azureDisk", "azureDisk"),
        ("storageos", "storageos"), ("projected", "projected"), ("scaleIO", "scaleIO"), ("csi", "csi"),
        ("ephemeral", "ephemeral"), ("image", "image"),
    ];

    // Required string fields of the in-tree plugins that are only checked for presence here.
    private static readonly Dictionary<string, string[]> RequiredFields = new(StringComparer.Ordinal)
    {
        ["gcePersistentDisk"] = ["pdName"], ["awsElasticBlockStore"] = ["volumeID"], ["iscsi"] = ["targetPortal", "iqn"],
        ["glusterfs"] = ["endpoints", "path"], ["cinder"] = ["volumeID"], ["flexVolume"] = ["driver"],
        ["azureFile"] = ["secretName", "shareName"], ["vsphereVolume"] = ["volumePath"], ["photonPersistentDisk"] = ["pdID"],
        ["portworxVolume"] = ["volumeID"], ["azureDisk"] = ["diskName", "diskURI"], ["quobyte"] = ["registry", "volume"],
        ["scaleIO"] = ["gateway", "system"], ["nfs"] = ["server", "path"], ["persistentVolumeClaim"] = ["claimName"],
    };

    /// <summary>Validates the volumes; those without errors are recorded in <see cref="PodValidationContext.Volumes"/>.</summary>
    public static void ValidateVolumes(JsonArray? volumes, FieldPath path, PodValidationContext ctx, List<FieldError> errs)
    {
        foreach (var (volume, i) in Node.Objects(volumes))
        {
            var p = path.Index(i);
            var name = Node.S(volume, "name");
            var volumeErrs = new List<FieldError>();
            ValidateSource(volume, p, name, ctx, volumeErrs);
            if (name.Length == 0)
            {
                volumeErrs.Add(FieldError.Required(p.Child("name"), string.Empty));
            }
            else
            {
                foreach (var msg in NameValidation.IsDns1123Label(name))
                {
                    volumeErrs.Add(FieldError.Invalid(p.Child("name"), name, msg));
                }
            }

            if (ctx.Volumes.ContainsKey(name))
            {
                volumeErrs.Add(FieldError.Duplicate(p.Child("name"), name));
            }

            if (volumeErrs.Count == 0)
            {
                ctx.Volumes[name] = volume;
            }

            errs.AddRange(volumeErrs);
        }
    }

    /// <summary>validateLocalDescendingPath: relative and without "..".</summary>
    public static void ValidateLocalDescendingPath(string target, FieldPath path, List<FieldError> errs)
    {
        if (target.StartsWith('/'))
        {
            errs.Add(FieldError.Invalid(path, target, "must be a relative path"));
        }

        ValidateNoBacksteps(target, path, errs);
    }

    public static void ValidateNoBacksteps(string target, FieldPath path, List<FieldError> errs)
    {
        if (target.Replace('\\', '/').Split('/').Contains(".."))
        {
            errs.Add(FieldError.Invalid(path, target, "must not contain '..'"));
        }
    }

    /// <summary>validateKeyToPath: key and path required, path relative and not starting with "..", mode in range.</summary>
    public static void ValidateKeyToPath(JsonObject item, FieldPath path, List<FieldError> errs)
    {
        if (Node.S(item, "key").Length == 0)
        {
            errs.Add(FieldError.Required(path.Child("key"), string.Empty));
        }

        ValidateItemPath(item, path, errs);
    }

    private static void ValidateItemPath(JsonObject item, FieldPath path, List<FieldError> errs)
    {
        var target = Node.S(item, "path");
        if (target.Length == 0)
        {
            errs.Add(FieldError.Required(path.Child("path"), string.Empty));
        }

        ValidateLocalDescendingPath(target, path.Child("path"), errs);
        if (target.Length >= 2 && target.StartsWith("..", StringComparison.Ordinal))
        {
            errs.Add(FieldError.Invalid(path.Child("path"), target, "must not start with '..'"));
        }

        ValidateMode(item, "mode", path, errs);
    }

    private static void ValidateMode(JsonObject owner, string field, FieldPath path, List<FieldError> errs)
    {
        if (Node.Int(owner, field) is { } mode && mode is < 0 or > 511)
        {
            errs.Add(FieldError.Invalid(path.Child(field), mode, FileModeMessage));
        }
    }

    private static void ValidateSource(JsonObject volume, FieldPath path, string name, PodValidationContext ctx, List<FieldError> errs)
    {
        var count = 0;
        foreach (var (key, forbiddenName) in SourceOrder)
        {
            if (Node.Obj(volume, key) is not { } source)
            {
                continue;
            }

            if (count++ > 0)
            {
                errs.Add(FieldError.Forbidden(path.Child(forbiddenName), "may not specify more than 1 volume type"));
                continue;
            }

            var p = path.Child(key);
            foreach (var field in RequiredFields.GetValueOrDefault(key, []))
            {
                if (Node.S(source, field).Length == 0)
                {
                    errs.Add(FieldError.Required(p.Child(field), string.Empty));
                }
            }

            ValidateKnownSource(key, source, p, errs);
            if (key == "ephemeral")
            {
                ValidateEphemeral(source, p, name, ctx, errs);
            }
        }

        if (count == 0)
        {
            errs.Add(FieldError.Required(path, "must specify a volume type"));
        }
    }

    private static void ValidateKnownSource(string key, JsonObject source, FieldPath p, List<FieldError> errs)
    {
        switch (key)
        {
            case "emptyDir":
                if (ResourceQuantities.TryParse(source["sizeLimit"], out var limit, out _) && limit.Sign < 0)
                {
                    errs.Add(FieldError.Forbidden(p.Child("sizeLimit"), "SizeLimit field must be a valid resource quantity"));
                }

                break;
            case "hostPath":
                var hostPath = Node.S(source, "path");
                if (hostPath.Length == 0)
                {
                    errs.Add(FieldError.Required(p.Child("path"), string.Empty));
                    break;
                }

                ValidateNoBacksteps(hostPath, p.Child("path"), errs);
                if (Node.Str(source, "type") is { } type && !HostPathTypes.Contains(type))
                {
                    errs.Add(FieldError.NotSupported(p.Child("type"), type, HostPathTypes));
                }

                break;
            case "gitRepo":
                if (Node.S(source, "repository").Length == 0)
                {
                    errs.Add(FieldError.Required(p.Child("repository"), string.Empty));
                }

                ValidateLocalDescendingPath(Node.S(source, "directory"), p.Child("directory"), errs);
                break;
            case "secret" or "configMap":
                if (key == "secret" && Node.S(source, "secretName").Length == 0)
                {
                    errs.Add(FieldError.Required(p.Child("secretName"), string.Empty));
                }
                else if (key == "configMap" && Node.S(source, "name").Length == 0)
                {
                    errs.Add(FieldError.Required(p.Child("name"), string.Empty));
                }

                ValidateMode(source, "defaultMode", p, errs);
                foreach (var (item, i) in Node.Objects(Node.Arr(source, "items")))
                {
                    ValidateKeyToPath(item, p.Child("items").Index(i), errs);
                }

                break;
            case "nfs":
                if (Node.S(source, "path") is { Length: > 0 } nfsPath && !nfsPath.StartsWith('/'))
                {
                    errs.Add(FieldError.Invalid(p.Child("path"), nfsPath, "must be an absolute path"));
                }

                break;
            case "downwardAPI":
                ValidateMode(source, "defaultMode", p, errs);
                ValidateDownwardApiItems(Node.Arr(source, "items"), p.Child("items"), errs);
                break;
            case "projected":
                ProjectedVolumeValidation.Validate(source, p, errs);
                break;
            case "csi":
                var driver = Node.S(source, "driver");
                if (driver.Length == 0)
                {
                    errs.Add(FieldError.Required(p.Child("driver"), string.Empty));
                }
                else if (driver.Length > 63)
                {
                    errs.Add(FieldError.TooLong(p.Child("driver"), 63));
                }
                else
                {
                    foreach (var msg in NameValidation.IsDns1123Subdomain(driver.ToLowerInvariant()))
                    {
                        errs.Add(FieldError.Invalid(p.Child("driver"), driver, msg));
                    }
                }

                break;
        }
    }

    /// <summary>Items of a downwardAPI volume or projection.</summary>
    public static void ValidateDownwardApiItems(JsonArray? items, FieldPath path, List<FieldError> errs)
    {
        foreach (var (item, i) in Node.Objects(items))
        {
            var p = path.Index(i);
            ValidateItemPath(item, p, errs);
            var fieldRef = Node.Obj(item, "fieldRef");
            var resourceRef = Node.Obj(item, "resourceFieldRef");
            if (fieldRef is not null)
            {
                EnvValidation.ValidateFieldRef(fieldRef, EnvValidation.VolumeFieldPaths, p.Child("fieldRef"), errs);
            }

            if (resourceRef is not null)
            {
                EnvValidation.ValidateResourceFieldRef(resourceRef, volume: true, p.Child("resourceFieldRef"), errs);
            }

            if (fieldRef is not null && resourceRef is not null)
            {
                errs.Add(FieldError.Invalid(p, "resource", "fieldRef and resourceFieldRef can not be specified simultaneously"));
            }
        }
    }

    private static void ValidateEphemeral(JsonObject source, FieldPath path, string volumeName, PodValidationContext ctx, List<FieldError> errs)
    {
        if (Node.Obj(source, "volumeClaimTemplate") is not { } template)
        {
            errs.Add(FieldError.Required(path.Child("volumeClaimTemplate"), string.Empty));
            return;
        }

        var templatePath = path.Child("volumeClaimTemplate");
        MetadataValidation.ValidateLabels(Node.Obj(template, "metadata")?["labels"], templatePath.Child("metadata", "labels"), errs);
        PersistentVolumeClaimValidation.ValidateSpec(Node.Obj(template, "spec"), templatePath.Child("spec"), errs);
        if (ctx.PodName.Length > 0 && volumeName.Length > 0)
        {
            var claimName = ctx.PodName + "-" + volumeName;
            foreach (var msg in NameValidation.IsDns1123Subdomain(claimName))
            {
                errs.Add(FieldError.Invalid(path.Child("name"), volumeName, $"PVC name \"{claimName}\": {msg}"));
            }
        }
    }
}
