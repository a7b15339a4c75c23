using Cluster.Controllers.Scheduling.Framework;

namespace Cluster.Controllers.Scheduling.Plugins;

/// <summary>
/// Prefers nodes whose cpu and memory would be used in equal fractions with the pod placed (upstream's
/// NodeResourcesBalancedAllocation: 100 × (1 − the standard deviation of the fractions)).
/// </summary>
public sealed class BalancedAllocationPlugin : IScorePlugin
{
    public string Name => "NodeResourcesBalancedAllocation";

    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        var cpu = Fraction(node.Requested.MilliCpu + pod.Requests.MilliCpu, node.Allocatable.MilliCpu);
        var memory = Fraction(node.Requested.Memory + pod.Requests.Memory, node.Allocatable.Memory);
        var deviation = Math.Abs(cpu - memory) / 2;
        return (long)((1 - deviation) * ScoreNormalization.MaxNodeScore);
    }

    private static double Fraction(long requested, long capacity) => capacity == 0 ? 1 : Math.Min(1, (double)requested / capacity);
}
