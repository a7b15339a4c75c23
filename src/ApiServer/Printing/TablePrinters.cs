using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Cluster.ApiServer.Printing;

/// <summary>
/// The built-in printers by API group ("" for core) and plural lower-case resource, with the columns and cell
/// logic of the Kubernetes v1.32 API server. Resources without a built-in printer (roles, clusterroles,
/// limitranges, custom resources, ...) get <see cref="DefaultTablePrinter"/>.
/// </summary>
public static class TablePrinters
{
    private static readonly FrozenDictionary<(string Group, string Resource), ITablePrinter> Printers =
        new Dictionary<(string, string), ITablePrinter>
        {
            [("", "pods")] = new PodPrinter(),
            [("", "namespaces")] = CorePrinters.Namespace,
            [("", "nodes")] = CorePrinters.Node,
            [("", "configmaps")] = CorePrinters.ConfigMap,
            [("", "secrets")] = CorePrinters.Secret,
            [("", "serviceaccounts")] = CorePrinters.ServiceAccount,
            [("", "resourcequotas")] = CorePrinters.ResourceQuota,
            [("", "podtemplates")] = CorePrinters.PodTemplate,
            [("", "events")] = EventPrinter.Core,
            [("", "services")] = NetworkPrinters.Service,
            [("", "endpoints")] = NetworkPrinters.Endpoints,
            [("", "replicationcontrollers")] = WorkloadPrinters.ReplicationController,
            [("", "persistentvolumeclaims")] = StoragePrinters.PersistentVolumeClaim,
            [("", "persistentvolumes")] = StoragePrinters.PersistentVolume,
            [("apps", "deployments")] = WorkloadPrinters.Deployment,
            [("apps", "replicasets")] = WorkloadPrinters.ReplicaSet,
            [("apps", "statefulsets")] = WorkloadPrinters.StatefulSet,
            [("apps", "daemonsets")] = WorkloadPrinters.DaemonSet,
            [("apps", "controllerrevisions")] = WorkloadPrinters.ControllerRevision,
            [("batch", "jobs")] = BatchPrinters.Job,
            [("batch", "cronjobs")] = BatchPrinters.CronJob,
            [("autoscaling", "horizontalpodautoscalers")] = HorizontalPodAutoscalerPrinter.Instance,
            [("policy", "poddisruptionbudgets")] = ClusterPrinters.PodDisruptionBudget,
            [("coordination.k8s.io", "leases")] = ClusterPrinters.Lease,
            [("discovery.k8s.io", "endpointslices")] = NetworkPrinters.EndpointSlice,
            [("events.k8s.io", "events")] = EventPrinter.EventsApi,
            [("networking.k8s.io", "ingresses")] = NetworkPrinters.Ingress,
            [("networking.k8s.io", "ingressclasses")] = NetworkPrinters.IngressClass,
            [("networking.k8s.io", "networkpolicies")] = NetworkPrinters.NetworkPolicy,
            [("rbac.authorization.k8s.io", "rolebindings")] = ClusterPrinters.RoleBinding,
            [("rbac.authorization.k8s.io", "clusterrolebindings")] = ClusterPrinters.ClusterRoleBinding,
            [("scheduling.k8s.io", "priorityclasses")] = ClusterPrinters.PriorityClass,
            [("storage.k8s.io", "storageclasses")] = StoragePrinters.StorageClass,
            [("admissionregistration.k8s.io", "mutatingwebhookconfigurations")] = ClusterPrinters.WebhookConfiguration,
            [("admissionregistration.k8s.io", "validatingwebhookconfigurations")] = ClusterPrinters.WebhookConfiguration,
            [("node.k8s.io", "runtimeclasses")] = ClusterPrinters.RuntimeClass,
        }.ToFrozenDictionary();

    /// <summary>The built-in printer for the resource, or the default Name/Created At printer.</summary>
    public static ITablePrinter For(string group, string resource) =>
        TryGet(group, resource, out var printer) ? printer : DefaultTablePrinter.Instance;

    /// <summary>Whether the resource has a dedicated built-in printer.</summary>
    public static bool TryGet(string group, string resource, [NotNullWhen(true)] out ITablePrinter? printer) =>
        Printers.TryGetValue((group, resource), out printer);
}
