using System.Text.Json.Nodes;
using Cluster.Api.Validation;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Strategies;

namespace Cluster.ApiServer.Tests.Strategies;

/// <summary>
/// Test helper that runs a strategy the way the API server does: server metadata, status reset,
/// PrepareForCreate, Default, then metadata and kind validation (or Default and ValidateUpdate on update).
/// </summary>
public static class Harness
{
    public const string Uid = "7d3f1a52-9c1e-4b8a-a2f0-5e6c9d0b1a23";
    public const string CreationTimestamp = "2025-01-15T10:00:00Z";

    private static readonly StrategyCatalog Catalog = new();

    private static readonly HashSet<string> ClusterScoped = new(StringComparer.Ordinal)
    {
        "Namespace", "Node", "PersistentVolume", "PriorityClass", "ClusterRole", "ClusterRoleBinding", "IngressClass",
    };

    /// <summary>The catalog's strategy for a built-in kind, or null when the kind has none.</summary>
    public static IResourceStrategy? StrategyFor(string kind) => kind switch
    {
        "Pod" => Catalog.Pod,
        "Service" => Catalog.Service,
        "Endpoints" => Catalog.Endpoints,
        "EndpointSlice" => Catalog.EndpointSlice,
        "Node" => Catalog.Node,
        "Event" => Catalog.Event,
        "ServiceAccount" => Catalog.ServiceAccount,
        "Secret" => Catalog.Secret,
        "ConfigMap" => Catalog.ConfigMap,
        "ResourceQuota" => Catalog.ResourceQuota,
        "LimitRange" => Catalog.LimitRange,
        "PersistentVolumeClaim" => Catalog.PersistentVolumeClaim,
        "PersistentVolume" => Catalog.PersistentVolume,
        "Namespace" => Catalog.Namespace,
        "Deployment" => Catalog.Deployment,
        "ReplicaSet" => Catalog.ReplicaSet,
        "StatefulSet" => Catalog.StatefulSet,
        "DaemonSet" => Catalog.DaemonSet,
        "Job" => Catalog.Job,
        "CronJob" => Catalog.CronJob,
        "HorizontalPodAutoscaler" => Catalog.HorizontalPodAutoscaler,
        "PodDisruptionBudget" => Catalog.PodDisruptionBudget,
        "Lease" => Catalog.Lease,
        "PriorityClass" => Catalog.PriorityClass,
        "Ingress" => Catalog.Ingress,
        "IngressClass" => Catalog.IngressClass,
        "NetworkPolicy" => Catalog.NetworkPolicy,
        "Role" => Catalog.Role,
        "ClusterRole" => Catalog.ClusterRole,
        "RoleBinding" => Catalog.RoleBinding,
        "ClusterRoleBinding" => Catalog.ClusterRoleBinding,
        _ => null,
    };

    /// <summary>Creates <paramref name="obj"/> in place; returns the causes a 422 would carry (empty when valid).</summary>
    public static List<StatusCause> Create(JsonObject obj)
    {
        var kind = obj["kind"]!.GetValue<string>();
        var strategy = StrategyFor(kind) ?? throw new InvalidOperationException("no strategy for " + kind);
        var meta = obj["metadata"] as JsonObject ?? [];
        obj["metadata"] = meta;
        if (!ClusterScoped.Contains(kind) && meta["namespace"] is null)
        {
            meta["namespace"] = "default";
        }

        if (meta["name"] is null && meta["generateName"] is JsonValue prefix)
        {
            meta["name"] = prefix.GetValue<string>() + "x7k2p";
        }

        meta["uid"] = Uid;
        meta["creationTimestamp"] = CreationTimestamp;
        if (strategy.ResetsStatusOnCreate)
        {
            obj.Remove("status");
        }

        strategy.PrepareForCreate(obj);
        strategy.Default(obj);
        var errs = MetadataValidation.ValidateObjectMeta(meta, !ClusterScoped.Contains(kind), NameValidator(strategy.Names), FieldPath.Root("metadata"));
        return errs.Select(e => new StatusCause(e.CauseType, e.ErrorBody(), e.Path)).Concat(strategy.Validate(obj)).ToList();
    }

    /// <summary>Updates: defaults <paramref name="obj"/> and validates it against <paramref name="old"/>.</summary>
    public static List<StatusCause> Update(JsonObject obj, JsonObject old)
    {
        var strategy = StrategyFor(obj["kind"]!.GetValue<string>())!;
        strategy.Default(obj);
        return strategy.ValidateUpdate(obj, old).ToList();
    }

    /// <summary>A write through the status subresource: defaults <paramref name="obj"/> and validates it against <paramref name="old"/>.</summary>
    public static List<StatusCause> UpdateStatus(JsonObject obj, JsonObject old)
    {
        var strategy = StrategyFor(obj["kind"]!.GetValue<string>())!;
        strategy.Default(obj);
        return strategy.ValidateStatusUpdate(obj, old).ToList();
    }

    /// <summary>Creates a valid object, failing the test when it has causes.</summary>
    public static JsonObject Created(string yaml)
    {
        var obj = Yaml.Object(yaml);
        var causes = Create(obj);
        Assert.True(causes.Count == 0, string.Join("\n", causes.Select(c => $"{c.Field}: {c.Message}")));
        return obj;
    }

    /// <summary>"field: message" lines, for readable assertions.</summary>
    public static List<string> Lines(IEnumerable<StatusCause> causes) => causes.Select(c => $"{c.Field}: {c.Message}").ToList();

    private static Func<string, IReadOnlyList<string>> NameValidator(NameRule rule) => rule switch
    {
        NameRule.Label => NameValidation.IsDns1123Label,
        NameRule.Dns1035Label => NameValidation.IsDns1035Label,
        NameRule.PathSegment => name => name is "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains('%', StringComparison.Ordinal)
            ? ["may not contain '/' or '%'"] : [],
        _ => NameValidation.IsDns1123Subdomain,
    };
}
