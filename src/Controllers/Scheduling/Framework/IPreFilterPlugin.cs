namespace Cluster.Controllers.Scheduling.Framework;

/// <summary>Runs once per pod before any node is filtered: precomputes state, or rejects the pod everywhere.</summary>
public interface IPreFilterPlugin : ISchedulerPlugin
{
    FilterResult PreFilter(CycleState state, PodInfo pod, Snapshot snapshot);
}
