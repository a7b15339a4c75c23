using Cluster.Controllers.Scheduling.Framework;

namespace Cluster.Controllers.Scheduling.Plugins;

/// <summary>
/// Prefers nodes whose cpu and memory would be used in equal fractions with the pod placed (upstream's
/// NodeResourcesBalancedAllocation: 100 × (1 − the standard deviation of the fractions)). A resource the node has
/// none of is left out; a pod that requests neither cpu nor memory is not scored (0 everywhere), as upstream skips
/// best-effort pods so that they do not pile onto one node.
/// </summary>
public sealed class BalancedAllocationPlugin : IScorePlugin
{
    public string Name => "NodeResourcesBalancedAllocation";

    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        if (pod.Requests.MilliCpu == 0 && pod.Requests.Memory == 0) return 0;
        var cpuCapacity = node.AllocatableMilliCpu;
        var memoryCapacity = node.AllocatableMemory;
        // With fewer than two resources to compare the deviation is zero.
        if (cpuCapacity == 0 || memoryCapacity == 0) return ScoreNormalization.MaxNodeScore;
        var cpu = Fraction(node.RequestedMilliCpu + pod.Requests.MilliCpu, cpuCapacity);
        var memory = Fraction(node.RequestedMemory + pod.Requests.Memory, memoryCapacity);
        var deviation = Math.Abs(cpu - memory) / 2;
        return (long)((1 - deviation) * ScoreNormalization.MaxNodeScore);
    }

    private static double Fraction(long requested, long capacity) => Math.Min(1, (double)requested / capacity);
}
