using Cluster.Api.Core.V1;
using Cluster.Controllers.Common;
using Cluster.Controllers.Scheduling.Framework;

namespace Cluster.Controllers.Scheduling.Plugins;

/// <summary>A cordoned node (spec.unschedulable) takes only pods that tolerate node.kubernetes.io/unschedulable:NoSchedule.</summary>
public sealed class NodeUnschedulablePlugin : IFilterPlugin
{
    public const string Reason = "node(s) were unschedulable";

    private static readonly Taint Cordon = new() { Key = "node.kubernetes.io/unschedulable", Effect = "NoSchedule" };

    public string Name => "NodeUnschedulable";

    public FilterResult Filter(CycleState state, PodInfo pod, NodeInfo node) =>
        node.Unschedulable && !Tolerations.AnyTolerates(pod.Pod.Spec?.Tolerations, Cordon)
            ? FilterResult.UnresolvableBy(Reason)
            : FilterResult.Fits;
}
