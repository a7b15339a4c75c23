using Cluster.ApiServer.Strategies.Apps;
using Cluster.ApiServer.Strategies.Autoscaling;
using Cluster.ApiServer.Strategies.Batch;
using Cluster.ApiServer.Strategies.Config;
using Cluster.ApiServer.Strategies.Coordination;
using Cluster.ApiServer.Strategies.Core;
using Cluster.ApiServer.Strategies.Discovery;
using Cluster.ApiServer.Strategies.Networking;
using Cluster.ApiServer.Strategies.Pods;
using Cluster.ApiServer.Strategies.Policy;
using Cluster.ApiServer.Strategies.Rbac;
using Cluster.ApiServer.Strategies.Scheduling;
using Cluster.ApiServer.Strategies.Services;
using Cluster.ApiServer.Strategies.Storage;

namespace Cluster.ApiServer.Strategies;

/// <summary>
/// The strategies of the built-in kinds, created once per server. Each property is the policy for the kind it is
/// named after (e.g. <see cref="Deployment"/> for apps/v1 Deployments); <see cref="Plain"/> and
/// <see cref="WithGeneration"/> serve kinds without kind-specific rules. All strategies are stateless.
/// </summary>
public sealed class StrategyCatalog
{
    public IResourceStrategy Plain { get; } = ResourceStrategy.Plain;
    public IResourceStrategy WithGeneration { get; } = ResourceStrategy.WithGeneration;

    /// <summary>A generic spec-and-status workload (generation tracked); the built-in workloads have their own below.</summary>
    public IResourceStrategy Workload { get; init; } = ResourceStrategy.WithGeneration;

    public IResourceStrategy Namespace { get; init; } = new NamespaceStrategy();
    public IResourceStrategy CustomResourceDefinition { get; init; } = new CustomResources.CustomResourceDefinitionStrategy();
    public IResourceStrategy Pod { get; init; } = new PodStrategy();
    public IResourceStrategy Service { get; init; } = new ServiceStrategy();
    public IResourceStrategy Endpoints { get; init; } = new EndpointsStrategy();
    public IResourceStrategy EndpointSlice { get; init; } = new EndpointSliceStrategy();
    public IResourceStrategy Node { get; init; } = new NodeStrategy();
    public IResourceStrategy Event { get; init; } = new EventStrategy();
    public IResourceStrategy ServiceAccount { get; init; } = ResourceStrategy.Plain;
    public IResourceStrategy Secret { get; init; } = new SecretStrategy();
    public IResourceStrategy ConfigMap { get; init; } = new ConfigMapStrategy();
    public IResourceStrategy ResourceQuota { get; init; } = new ResourceQuotaStrategy();
    public IResourceStrategy LimitRange { get; init; } = new LimitRangeStrategy();
    public IResourceStrategy PersistentVolumeClaim { get; init; } = new PersistentVolumeClaimStrategy();
    public IResourceStrategy PersistentVolume { get; init; } = new PersistentVolumeStrategy();

    public IResourceStrategy Deployment { get; init; } = new DeploymentStrategy();
    public IResourceStrategy ReplicaSet { get; init; } = new ReplicaSetStrategy();
    public IResourceStrategy StatefulSet { get; init; } = new StatefulSetStrategy();
    public IResourceStrategy DaemonSet { get; init; } = new DaemonSetStrategy();
    public IResourceStrategy Job { get; init; } = new JobStrategy();
    public IResourceStrategy CronJob { get; init; } = new CronJobStrategy();

    public IResourceStrategy HorizontalPodAutoscaler { get; init; } = new HorizontalPodAutoscalerStrategy();
    public IResourceStrategy PodDisruptionBudget { get; init; } = new PodDisruptionBudgetStrategy();
    public IResourceStrategy Lease { get; init; } = new LeaseStrategy();
    public IResourceStrategy PriorityClass { get; init; } = new PriorityClassStrategy();

    public IResourceStrategy Ingress { get; init; } = new IngressStrategy();
    public IResourceStrategy IngressClass { get; init; } = new IngressClassStrategy();
    public IResourceStrategy NetworkPolicy { get; init; } = new NetworkPolicyStrategy();

    public IResourceStrategy Role { get; init; } = new RoleStrategy(namespaced: true);
    public IResourceStrategy ClusterRole { get; init; } = new RoleStrategy(namespaced: false);
    public IResourceStrategy RoleBinding { get; init; } = new RoleBindingStrategy(namespaced: true);
    public IResourceStrategy ClusterRoleBinding { get; init; } = new RoleBindingStrategy(namespaced: false);
}
