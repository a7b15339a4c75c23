using Cluster.Controllers.Scheduling.Framework;

namespace Cluster.Controllers.Tests.Scheduling.Preemption;

/// <summary>
/// A test plugin whose verdict depends on PreFilter state over the whole snapshot: PreFilter counts the pods in the
/// cluster, Filter rejects (resolvably) while there are <paramref name="limit"/> or more.
/// </summary>
internal sealed class ClusterPodLimitPlugin(int limit) : IPreFilterPlugin, IFilterPlugin
{
    public const string Reason = "cluster pod limit reached";

    public string Name => "ClusterPodLimit";

    public FilterResult PreFilter(CycleState state, PodInfo pod, Snapshot snapshot)
    {
        state.Write(Name, new Count(snapshot.Nodes.Sum(n => n.Pods.Count)));
        return FilterResult.Fits;
    }

    public FilterResult Filter(CycleState state, PodInfo pod, NodeInfo node) =>
        state.Read<Count>(Name) is { Pods: var pods } && pods < limit ? FilterResult.Fits : FilterResult.Unschedulable(Reason);

    private sealed record Count(int Pods);
}
