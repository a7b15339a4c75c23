using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cluster.Api.Validation;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Pods;

/// <summary>Environment variables and downward API selectors (ValidateEnv, ValidateEnvFrom, v1.32).</summary>
internal static partial class EnvValidation
{
    public static readonly string[] EnvFieldPaths =
    [
        "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName",
        "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs",
    ];

    public static readonly string[] VolumeFieldPaths =
        ["metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid"];

    private static readonly string[] ResourceFieldPaths =
        ["limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory"];

    // The fields the v1 downward API conversion knows (ConvertDownwardAPIFieldLabel).
    private static readonly string[] ConvertibleFieldPaths =
    [
        "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid",
        "spec.nodeName", "spec.restartPolicy", "spec.serviceAccountName", "spec.schedulerName", "status.phase",
        "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs",
    ];

    public static void ValidateEnv(JsonArray? env, FieldPath path, List<FieldError> errs)
    {
        foreach (var (ev, i) in Node.Objects(env))
        {
            var p = path.Index(i);
            var name = Node.S(ev, "name");
            if (name.Length == 0)
            {
                errs.Add(FieldError.Required(p.Child("name"), string.Empty));
            }
            else
            {
                foreach (var msg in Formats.EnvVarName(name))
                {
                    errs.Add(FieldError.Invalid(p.Child("name"), name, msg));
                }
            }

            if (Node.Obj(ev, "valueFrom") is { } from)
            {
                ValidateValueFrom(from, Node.S(ev, "value"), p.Child("valueFrom"), errs);
            }
        }
    }

    public static void ValidateEnvFrom(JsonArray? envFrom, FieldPath path, List<FieldError> errs)
    {
        foreach (var (ev, i) in Node.Objects(envFrom))
        {
            var p = path.Index(i);
            var prefix = Node.S(ev, "prefix");
            if (prefix.Length > 0)
            {
                foreach (var msg in Formats.EnvVarName(prefix))
                {
                    errs.Add(FieldError.Invalid(p.Child("prefix"), prefix, msg));
                }
            }

            var sources = 0;
            foreach (var kind in new[] { "configMapRef", "secretRef" })
            {
                if (Node.Obj(ev, kind) is not { } source)
                {
                    continue;
                }

                sources++;
                var name = Node.S(source, "name");
                if (name.Length == 0)
                {
                    errs.Add(FieldError.Required(p.Child(kind, "name"), string.Empty));
                }
                else
                {
                    foreach (var msg in NameValidation.IsDns1123Subdomain(name))
                    {
                        errs.Add(FieldError.Invalid(p.Child(kind, "name"), name, msg));
                    }
                }
            }

            // Upstream reports these on the list's path, not the item's.
            if (sources == 0)
            {
                errs.Add(FieldError.Invalid(path, string.Empty, "must specify one of: `configMapRef` or `secretRef`"));
            }
            else if (sources > 1)
            {
                errs.Add(FieldError.Invalid(path, string.Empty, "may not have more than one field specified at a time"));
            }
        }
    }

    /// <summary>validateObjectFieldSelector for env (EnvFieldPaths) or volumes (VolumeFieldPaths).</summary>
    public static void ValidateFieldRef(JsonObject fieldRef, string[] supported, FieldPath path, List<FieldError> errs)
    {
        var apiVersion = Node.S(fieldRef, "apiVersion");
        var fieldPath = Node.S(fieldRef, "fieldPath");
        if (apiVersion.Length == 0)
        {
            errs.Add(FieldError.Required(path.Child("apiVersion"), string.Empty));
            return;
        }

        if (fieldPath.Length == 0)
        {
            errs.Add(FieldError.Required(path.Child("fieldPath"), string.Empty));
            return;
        }

        var m = SubscriptRegex().Match(fieldPath);
        var basePath = m.Success ? m.Groups[1].Value : fieldPath;
        if (apiVersion != "v1")
        {
            errs.Add(FieldError.Invalid(path.Child("fieldPath"), fieldPath, "error converting fieldPath: unsupported pod version: " + apiVersion));
            return;
        }

        if (m.Success && basePath is not ("metadata.annotations" or "metadata.labels"))
        {
            errs.Add(FieldError.Invalid(path.Child("fieldPath"), fieldPath, "error converting fieldPath: field label does not support subscript: " + fieldPath));
            return;
        }

        if (!ConvertibleFieldPaths.Contains(basePath))
        {
            errs.Add(FieldError.Invalid(path.Child("fieldPath"), fieldPath, "error converting fieldPath: field label not supported: " + fieldPath));
            return;
        }

        if (m.Success)
        {
            var key = m.Groups[2].Value;
            foreach (var msg in NameValidation.IsQualifiedName(basePath == "metadata.annotations" ? key.ToLowerInvariant() : key))
            {
                errs.Add(FieldError.Invalid(path, key, msg));
            }
        }
        else if (!supported.Contains(basePath))
        {
            errs.Add(FieldError.NotSupported(path.Child("fieldPath"), basePath, supported.Order(StringComparer.Ordinal)));
        }
    }

    /// <summary>validateContainerResourceFieldSelector (containerName is required for volumes only).</summary>
    public static void ValidateResourceFieldRef(JsonObject selector, bool volume, FieldPath path, List<FieldError> errs)
    {
        var resource = Node.S(selector, "resource");
        if (volume && Node.S(selector, "containerName").Length == 0)
        {
            errs.Add(FieldError.Required(path.Child("containerName"), string.Empty));
        }
        else if (resource.Length == 0)
        {
            errs.Add(FieldError.Required(path.Child("resource"), string.Empty));
        }
        else if (!ResourceFieldPaths.Contains(resource) && !resource.StartsWith("requests.hugepages-", StringComparison.Ordinal)
                 && !resource.StartsWith("limits.hugepages-", StringComparison.Ordinal))
        {
            errs.Add(FieldError.NotSupported(path.Child("resource"), resource, ResourceFieldPaths));
        }
    }

    private static void ValidateValueFrom(JsonObject from, string value, FieldPath path, List<FieldError> errs)
    {
        var sources = 0;
        if (Node.Obj(from, "fieldRef") is { } fieldRef)
        {
            sources++;
            ValidateFieldRef(fieldRef, EnvFieldPaths, path.Child("fieldRef"), errs);
        }

        if (Node.Obj(from, "resourceFieldRef") is { } resourceRef)
        {
            sources++;
            ValidateResourceFieldRef(resourceRef, volume: false, path.Child("resourceFieldRef"), errs);
        }

        foreach (var kind in new[] { "configMapKeyRef", "secretKeyRef" })
        {
            if (Node.Obj(from, kind) is not { } keyRef)
            {
                continue;
            }

            sources++;
            var name = Node.S(keyRef, "name");
            foreach (var msg in NameValidation.IsDns1123Subdomain(name))
            {
                errs.Add(FieldError.Invalid(path.Child(kind, "name"), name, msg));
            }

            var key = Node.S(keyRef, "key");
            if (key.Length == 0)
            {
                errs.Add(FieldError.Required(path.Child(kind, "key"), string.Empty));
            }
            else
            {
                foreach (var msg in Formats.ConfigMapKey(key))
                {
                    errs.Add(FieldError.Invalid(path.Child(kind, "key"), key, msg));
                }
            }
        }

        if (sources == 0)
        {
            errs.Add(FieldError.Invalid(path, string.Empty, "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
        }
        else if (value.Length != 0)
        {
            errs.Add(FieldError.Invalid(path, string.Empty, "may not be specified when `value` is not empty"));
        }
        else if (sources > 1)
        {
            errs.Add(FieldError.Invalid(path, string.Empty, "may not have more than one field specified at a time"));
        }
    }

    [GeneratedRegex("^([a-zA-Z.]+)\\['(.*)'\\]\\z", RegexOptions.CultureInvariant)]
    private static partial Regex SubscriptRegex();
}
