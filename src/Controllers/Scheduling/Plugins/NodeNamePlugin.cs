using Cluster.Controllers.Scheduling.Framework;

namespace Cluster.Controllers.Scheduling.Plugins;

/// <summary>A pod that names a node (spec.nodeName) fits only that node.</summary>
public sealed class NodeNamePlugin : IFilterPlugin
{
    public const string Reason = "node(s) didn't match the requested node name";

    public string Name => "NodeName";

    public FilterResult Filter(CycleState state, PodInfo pod, NodeInfo node) =>
        pod.Pod.Spec?.NodeName is { Length: > 0 } wanted && wanted != node.Name ? FilterResult.UnresolvableBy(Reason) : FilterResult.Fits;
}
