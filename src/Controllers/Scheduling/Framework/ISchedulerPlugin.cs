namespace Cluster.Controllers.Scheduling.Framework;

/// <summary>A scheduling plugin, named as upstream names it (the name shows in queueing and in metrics).</summary>
public interface ISchedulerPlugin
{
    string Name { get; }
}
