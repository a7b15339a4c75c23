using Cluster.Api.Validation;

namespace Cluster.ApiServer.Strategies.Pods;

/// <summary>Classification and validation of resource names (core/helper and validation, v1.32).</summary>
internal static class ResourceNames
{
    public const string HugePagesPrefix = "hugepages-";

    private static readonly HashSet<string> StandardContainer = new(StringComparer.Ordinal) { "cpu", "memory", "ephemeral-storage" };

    private static readonly HashSet<string> Standard = new(StringComparer.Ordinal)
    {
        "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage",
        "limits.cpu", "limits.memory", "limits.ephemeral-storage", "pods", "services", "replicationcontrollers",
        "resourcequotas", "secrets", "configmaps", "persistentvolumeclaims", "storage", "requests.storage",
        "services.nodeports", "services.loadbalancers",
    };

    private static readonly HashSet<string> StandardQuota = new(StringComparer.Ordinal)
    {
        "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.storage",
        "requests.ephemeral-storage", "limits.cpu", "limits.memory", "limits.ephemeral-storage", "pods", "services",
        "replicationcontrollers", "resourcequotas", "secrets", "persistentvolumeclaims", "configmaps",
        "services.nodeports", "services.loadbalancers",
    };

    private static readonly HashSet<string> Integer = new(StringComparer.Ordinal)
    {
        "pods", "services", "replicationcontrollers", "resourcequotas", "secrets", "configmaps",
        "persistentvolumeclaims", "services.nodeports", "services.loadbalancers",
    };

    public static bool IsHugePages(string name) => name.StartsWith(HugePagesPrefix, StringComparison.Ordinal);

    public static bool IsNative(string name) =>
        !name.Contains('/', StringComparison.Ordinal) || name.Contains("kubernetes.io/", StringComparison.Ordinal);

    public static bool IsExtended(string name) =>
        !IsNative(name) && !name.StartsWith("requests.", StringComparison.Ordinal)
        && NameValidation.IsQualifiedName("requests." + name).Count == 0;

    public static bool IsOvercommitAllowed(string name) => IsNative(name) && !IsHugePages(name);

    public static bool IsInteger(string name) => Integer.Contains(name) || IsExtended(name);

    public static bool IsStandardQuota(string name) =>
        StandardQuota.Contains(name) || name.StartsWith("requests." + HugePagesPrefix, StringComparison.Ordinal);

    /// <summary>validateResourceName: a qualified name, and a standard one when it has no domain.</summary>
    public static bool Validate(string name, FieldPath path, List<FieldError> errs)
    {
        var before = errs.Count;
        foreach (var msg in NameValidation.IsQualifiedName(name))
        {
            errs.Add(FieldError.Invalid(path, name, msg));
        }

        if (errs.Count != before)
        {
            return false;
        }

        if (!name.Contains('/', StringComparison.Ordinal) && !IsStandard(name))
        {
            errs.Add(FieldError.Invalid(path, name, "must be a standard resource type or fully qualified"));
            return false;
        }

        return true;
    }

    /// <summary>validateContainerResourceName: cpu, memory, ephemeral-storage, hugepages-* or an extended resource.</summary>
    public static void ValidateForContainer(string name, FieldPath path, List<FieldError> errs)
    {
        Validate(name, path, errs);
        if (!name.Contains('/', StringComparison.Ordinal))
        {
            if (!StandardContainer.Contains(name) && !IsHugePages(name))
            {
                errs.Add(FieldError.Invalid(path, name, "must be a standard resource for containers"));
            }
        }
        else if (!IsNative(name) && !IsExtended(name))
        {
            errs.Add(FieldError.Invalid(path, name, "doesn't follow extended resource name standard"));
        }
    }

    /// <summary>ValidateResourceQuotaResourceName.</summary>
    public static void ValidateForQuota(string name, FieldPath path, List<FieldError> errs)
    {
        Validate(name, path, errs);
        if (!name.Contains('/', StringComparison.Ordinal) && !IsStandardQuota(name))
        {
            errs.Add(FieldError.Invalid(path, name, "must be a standard resource for quota"));
        }
    }

    private static bool IsStandard(string name) =>
        Standard.Contains(name) || IsHugePages(name)
        || name.StartsWith("requests." + HugePagesPrefix, StringComparison.Ordinal)
        || name.StartsWith("limits." + HugePagesPrefix, StringComparison.Ordinal);
}
