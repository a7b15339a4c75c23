using Cluster.Controllers.Scheduling.Framework;

namespace Cluster.Controllers.Scheduling.Plugins;

/// <summary>
/// The node must have room for the pod's requests ("Insufficient cpu", "Too many pods", "Insufficient
/// nvidia.com/gpu", ...); scoring prefers the least allocated nodes (upstream's LeastAllocated over cpu and memory,
/// counting containers without requests at the non-zero defaults).
/// </summary>
public sealed class NodeResourcesFitPlugin : IFilterPlugin, IScorePlugin
{
    public const string TooManyPods = "Too many pods";

    public string Name => "NodeResourcesFit";

    public FilterResult Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        var reasons = Insufficient(pod.Requests, node);
        return reasons is null ? FilterResult.Fits : new FilterResult(reasons);
    }

    /// <summary>The resources the node lacks for <paramref name="request"/>, or null when it fits.</summary>
    public static List<string>? Insufficient(Resources request, NodeInfo node)
    {
        var allocatable = node.Allocatable;
        var requested = node.Requested;
        List<string>? reasons = null;
        if (node.Pods.Count + 1 > allocatable.Pods) (reasons ??= []).Add(TooManyPods);
        if (request.MilliCpu > 0 && request.MilliCpu > allocatable.MilliCpu - requested.MilliCpu) (reasons ??= []).Add("Insufficient cpu");
        if (request.Memory > 0 && request.Memory > allocatable.Memory - requested.Memory) (reasons ??= []).Add("Insufficient memory");
        if (request.EphemeralStorage > 0 && request.EphemeralStorage > allocatable.EphemeralStorage - requested.EphemeralStorage)
            (reasons ??= []).Add("Insufficient ephemeral-storage");
        if (request.Scalar is { } scalar)
        {
            foreach (var (name, amount) in scalar)
                if (amount > 0 && amount > allocatable.Get(name) - requested.Get(name)) (reasons ??= []).Add($"Insufficient {name}");
        }
        return reasons;
    }

    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        var cpu = LeastAllocated(node.NonZeroMilliCpu + pod.NonZeroMilliCpu, node.Allocatable.MilliCpu);
        var memory = LeastAllocated(node.NonZeroMemory + pod.NonZeroMemory, node.Allocatable.Memory);
        return (cpu + memory) / 2;
    }

    private static long LeastAllocated(long requested, long capacity) =>
        capacity == 0 || requested > capacity ? 0 : (capacity - requested) * ScoreNormalization.MaxNodeScore / capacity;
}
