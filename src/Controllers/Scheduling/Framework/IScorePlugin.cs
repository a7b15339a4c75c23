namespace Cluster.Controllers.Scheduling.Framework;

/// <summary>
/// Ranks the feasible nodes for a pod: <see cref="PreScore"/> once over them, <see cref="Score"/> per node, then
/// <see cref="Normalize"/> brings the scores to 0..100 before they are weighted and summed.
/// </summary>
public interface IScorePlugin : ISchedulerPlugin
{
    /// <summary>Prepares scoring; false when every node would score the same for this pod, so the plugin is skipped.</summary>
    bool PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, Snapshot snapshot) => true;

    long Score(CycleState state, PodInfo pod, NodeInfo node);

    void Normalize(CycleState state, PodInfo pod, Span<long> scores)
    {
    }
}
