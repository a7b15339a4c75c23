namespace Cluster.Controllers.Scheduling.Framework;

/// <summary>Decides whether a pod fits a node. Called for many nodes per pod: must be cheap and allocation-free when it fits.</summary>
public interface IFilterPlugin : ISchedulerPlugin
{
    FilterResult Filter(CycleState state, PodInfo pod, NodeInfo node);
}
