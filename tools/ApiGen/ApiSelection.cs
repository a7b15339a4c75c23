using System.Collections.Frozen;

namespace Cluster.ApiGen;

/// <summary>
/// The swagger definition packages that become C# models (each mapped to a namespace under Cluster.Api), and the
/// API group versions whose kinds enter the KindRegistry. Definitions outside these packages are generated only
/// when a selected one refers to them, which the generator rejects unless they are special types.
/// </summary>
internal static class ApiSelection
{
    public const string RootNamespace = "Cluster.Api";

    public static FrozenDictionary<string, string> Packages { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["io.k8s.api.core.v1"] = "Core.V1",
        ["io.k8s.api.apps.v1"] = "Apps.V1",
        ["io.k8s.api.batch.v1"] = "Batch.V1",
        ["io.k8s.api.autoscaling.v1"] = "Autoscaling.V1",
        ["io.k8s.api.autoscaling.v2"] = "Autoscaling.V2",
        ["io.k8s.api.policy.v1"] = "Policy.V1",
        ["io.k8s.api.coordination.v1"] = "Coordination.V1",
        ["io.k8s.api.discovery.v1"] = "Discovery.V1",
        ["io.k8s.api.events.v1"] = "Events.V1",
        ["io.k8s.api.networking.v1"] = "Networking.V1",
        ["io.k8s.api.rbac.v1"] = "Rbac.V1",
        ["io.k8s.api.scheduling.v1"] = "Scheduling.V1",
        ["io.k8s.api.storage.v1"] = "Storage.V1",
        ["io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1"] = "ApiExtensions.V1",
        ["io.k8s.apimachinery.pkg.apis.meta.v1"] = "Meta.V1",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>apiVersion values (group/version, or just the version for the core group) we serve.</summary>
    public static FrozenSet<string> ServedApiVersions { get; } = new[]
    {
        "v1", "apps/v1", "batch/v1", "autoscaling/v1", "autoscaling/v2", "policy/v1", "coordination.k8s.io/v1",
        "discovery.k8s.io/v1", "events.k8s.io/v1", "networking.k8s.io/v1", "rbac.authorization.k8s.io/v1",
        "scheduling.k8s.io/v1", "storage.k8s.io/v1", "apiextensions.k8s.io/v1",
    }.ToFrozenSet(StringComparer.Ordinal);
}
