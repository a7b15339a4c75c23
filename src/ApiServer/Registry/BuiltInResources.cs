using Cluster.ApiServer.Conversion;
using Cluster.ApiServer.Strategies;

namespace Cluster.ApiServer.Registry;

/// <summary>The built-in resources this server serves, with Kubernetes' names, short names, categories and storage keys.</summary>
public static class BuiltInResources
{
    private static readonly string[] All = ["all"];
    private static readonly string[] GetOnly = ["get"];
    private static readonly string[] Create = ["create"];
    private static readonly string[] GetPatchUpdate = ["get", "patch", "update"];
    private static readonly string[] CreateGet = ["create", "get"];

    public static ResourceRegistry CreateRegistry(StrategyCatalog strategies) => new(Definitions(strategies));

    public static IEnumerable<ResourceDefinition> Definitions(StrategyCatalog s)
    {
        // core/v1
        yield return Core("Namespace", "namespaces", cluster: true, s.Namespace, ["ns"], status: true,
            fields: new() { ["status.phase"] = new("status.phase") }) with
        {
            ExtraSubresources = [new("finalize", "", "v1", "Namespace", ["update"])],
        };
        yield return Core("Pod", "pods", cluster: false, s.Pod, ["po"], status: true, categories: All, fields: new()
        {
            ["spec.nodeName"] = new("spec.nodeName"),
            ["spec.restartPolicy"] = new("spec.restartPolicy"),
            ["spec.schedulerName"] = new("spec.schedulerName"),
            ["spec.serviceAccountName"] = new("spec.serviceAccountName"),
            ["spec.hostNetwork"] = new("spec.hostNetwork", "false"),
            ["status.phase"] = new("status.phase"),
            ["status.podIP"] = new("status.podIP"),
            ["status.nominatedNodeName"] = new("status.nominatedNodeName"),
        }) with
        {
            ExtraSubresources =
            [
                new("attach", "", "v1", "PodAttachOptions", CreateGet),
                new("binding", "", "v1", "Binding", Create),
                new("ephemeralcontainers", "", "v1", "Pod", GetPatchUpdate),
                new("eviction", "policy", "v1", "Eviction", Create),
                new("exec", "", "v1", "PodExecOptions", CreateGet),
                new("log", "", "v1", "Pod", GetOnly),
                new("portforward", "", "v1", "PodPortForwardOptions", CreateGet),
            ],
        };
        yield return Core("Service", "services", cluster: false, s.Service, ["svc"], status: true, categories: All, storage: "services/specs");
        yield return Core("Endpoints", "endpoints", cluster: false, s.Endpoints, ["ep"], storage: "services/endpoints");
        yield return Core("ConfigMap", "configmaps", cluster: false, s.ConfigMap, ["cm"]);
        yield return Core("Secret", "secrets", cluster: false, s.Secret, [], fields: new() { ["type"] = new("type") });
        yield return Core("Node", "nodes", cluster: true, s.Node, ["no"], status: true, storage: "minions",
            fields: new() { ["spec.unschedulable"] = new("spec.unschedulable", "false") }) with
        {
            ExtraSubresources = [new("proxy", "", "v1", "NodeProxyOptions", GetOnly)],
        };
        yield return Core("Event", "events", cluster: false, s.Event, ["ev"], fields: EventFields());
        yield return Core("ServiceAccount", "serviceaccounts", cluster: false, s.ServiceAccount, ["sa"]) with
        {
            ExtraSubresources = [new("token", "authentication.k8s.io", "v1", "TokenRequest", Create)],
        };
        yield return Core("ResourceQuota", "resourcequotas", cluster: false, s.ResourceQuota, ["quota"], status: true);
        yield return Core("LimitRange", "limitranges", cluster: false, s.LimitRange, ["limits"]);
        yield return Core("PersistentVolumeClaim", "persistentvolumeclaims", cluster: false, s.PersistentVolumeClaim, ["pvc"], status: true);
        yield return Core("PersistentVolume", "persistentvolumes", cluster: true, s.PersistentVolume, ["pv"], status: true);
        yield return Core("PodTemplate", "podtemplates", cluster: false, s.Plain, []);

        // apps/v1
        yield return Of("apps", "v1", "Deployment", "deployments", false, s.Deployment, ["deploy"], All, status: true, scale: true);
        yield return Of("apps", "v1", "ReplicaSet", "replicasets", false, s.ReplicaSet, ["rs"], All, status: true, scale: true,
            fields: new() { ["status.replicas"] = new("status.replicas", "0") });
        yield return Of("apps", "v1", "DaemonSet", "daemonsets", false, s.DaemonSet, ["ds"], All, status: true);
        yield return Of("apps", "v1", "StatefulSet", "statefulsets", false, s.StatefulSet, ["sts"], All, status: true, scale: true);
        yield return Of("apps", "v1", "ControllerRevision", "controllerrevisions", false, s.Plain, [], []);

        // batch/v1
        yield return Of("batch", "v1", "Job", "jobs", false, s.Job, [], All, status: true,
            fields: new() { ["status.successful"] = new("status.succeeded", "0") });
        yield return Of("batch", "v1", "CronJob", "cronjobs", false, s.CronJob, ["cj"], All, status: true);

        // autoscaling: v2 is preferred; both versions are one stored resource
        yield return Of("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", false, s.HorizontalPodAutoscaler, ["hpa"], All, status: true) with { VersionPriority = 2 };
        yield return Of("autoscaling", "v1", "HorizontalPodAutoscaler", "horizontalpodautoscalers", false, s.HorizontalPodAutoscaler, ["hpa"], All, status: true) with
        {
            VersionPriority = 1,
            Converter = HorizontalPodAutoscalerV1Converter.Instance,
        };

        yield return Of("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", false, s.PodDisruptionBudget, ["pdb"], [], status: true);
        yield return Of("coordination.k8s.io", "v1", "Lease", "leases", false, s.Lease, [], []);
        yield return Of("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", false, s.EndpointSlice, [], []);
        yield return Of("events.k8s.io", "v1", "Event", "events", false, s.Event, ["ev"], [], fields: EventsV1Fields()) with
        {
            Converter = EventsV1Converter.Instance,
        };
        yield return Of("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", false, s.NetworkPolicy, ["netpol"], []);
        yield return Of("networking.k8s.io", "v1", "Ingress", "ingresses", false, s.Ingress, ["ing"], [], status: true, storage: "ingress");
        yield return Of("networking.k8s.io", "v1", "IngressClass", "ingressclasses", true, s.IngressClass, [], []);
        yield return Of("rbac.authorization.k8s.io", "v1", "Role", "roles", false, s.Role, [], []);
        yield return Of("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", false, s.RoleBinding, [], []);
        yield return Of("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", true, s.ClusterRole, [], []);
        yield return Of("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", true, s.ClusterRoleBinding, [], []);
        yield return Of("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", true, s.PriorityClass, ["pc"], []);
        yield return Of("storage.k8s.io", "v1", "StorageClass", "storageclasses", true, s.Plain, ["sc"], []);
        yield return Of("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", true, s.CustomResourceDefinition,
            ["crd", "crds"], ["api-extensions"], status: true, storage: "apiextensions.k8s.io/customresourcedefinitions");
    }

    private static Dictionary<string, SelectableField> EventFields() => new()
    {
        ["involvedObject.kind"] = new("involvedObject.kind"),
        ["involvedObject.namespace"] = new("involvedObject.namespace"),
        ["involvedObject.name"] = new("involvedObject.name"),
        ["involvedObject.uid"] = new("involvedObject.uid"),
        ["involvedObject.apiVersion"] = new("involvedObject.apiVersion"),
        ["involvedObject.resourceVersion"] = new("involvedObject.resourceVersion"),
        ["involvedObject.fieldPath"] = new("involvedObject.fieldPath"),
        ["reason"] = new("reason"),
        ["reportingComponent"] = new("reportingComponent"),
        ["source"] = new("source.component"),
        ["type"] = new("type"),
    };

    private static Dictionary<string, SelectableField> EventsV1Fields() => new()
    {
        ["regarding.kind"] = new("regarding.kind"),
        ["regarding.namespace"] = new("regarding.namespace"),
        ["regarding.name"] = new("regarding.name"),
        ["regarding.uid"] = new("regarding.uid"),
        ["regarding.apiVersion"] = new("regarding.apiVersion"),
        ["regarding.resourceVersion"] = new("regarding.resourceVersion"),
        ["regarding.fieldPath"] = new("regarding.fieldPath"),
        ["reason"] = new("reason"),
        ["reportingController"] = new("reportingController"),
        ["type"] = new("type"),
    };

    private static ResourceDefinition Core(string kind, string plural, bool cluster, IResourceStrategy strategy, string[] shortNames,
        bool status = false, string[]? categories = null, string? storage = null, Dictionary<string, SelectableField>? fields = null) =>
        Of("", "v1", kind, plural, cluster, strategy, shortNames, categories ?? [], status, false, storage, fields);

    private static ResourceDefinition Of(string group, string version, string kind, string plural, bool cluster, IResourceStrategy strategy,
        string[] shortNames, string[] categories, bool status = false, bool scale = false, string? storage = null,
        Dictionary<string, SelectableField>? fields = null) => new()
        {
            Group = group,
            Version = version,
            Kind = kind,
            Plural = plural,
            Singular = kind.ToLowerInvariant(),
            Namespaced = !cluster,
            ShortNames = shortNames,
            Categories = categories,
            HasStatus = status,
            HasScale = scale,
            StorageResource = storage ?? plural,
            Strategy = strategy,
            SelectableFields = fields ?? [],
        };
}
