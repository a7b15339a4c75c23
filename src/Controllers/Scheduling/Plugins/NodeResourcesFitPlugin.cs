using Cluster.Controllers.Scheduling.Framework;

namespace Cluster.Controllers.Scheduling.Plugins;

/// <summary>
/// The node must have room for the pod's requests ("Insufficient cpu", "Too many pods", "Insufficient
/// nvidia.com/gpu", ...); scoring prefers the least allocated nodes (upstream's LeastAllocated over cpu and memory,
/// counting containers without requests at the non-zero defaults). As upstream, a node is rejected as unresolvable
/// (preemption cannot help) when the pod asks for more of some resource than the node has allocatable at all.
/// </summary>
public sealed class NodeResourcesFitPlugin : IFilterPlugin, IScorePlugin
{
    public const string TooManyPods = "Too many pods";

    public string Name => "NodeResourcesFit";

    public FilterResult Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        var reasons = Insufficient(pod.Requests, node);
        return reasons is null ? FilterResult.Fits : new FilterResult(reasons, ExceedsAllocatable(pod.Requests, node.Allocatable));
    }

    /// <summary>Whether some resource request (other than the pod count) is larger than the node's whole allocatable amount.</summary>
    public static bool ExceedsAllocatable(Resources request, Resources allocatable)
    {
        if (request.MilliCpu > allocatable.MilliCpu || request.Memory > allocatable.Memory || request.EphemeralStorage > allocatable.EphemeralStorage)
            return true;
        if (request.Scalar is { } scalar)
            foreach (var (name, amount) in scalar)
                if (amount > allocatable.Get(name)) return true;
        return false;
    }

    /// <summary>The resources the node lacks for <paramref name="request"/>, or null when it fits.</summary>
    public static List<string>? Insufficient(Resources request, NodeInfo node)
    {
        if (node.HasRoomFor(request)) return null;
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

    /// <summary>Upstream's LeastAllocated with cpu and memory weighted 1 each; a resource the node has none of is left out of the average.</summary>
    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        long sum = 0, weights = 0;
        Add(node.NonZeroMilliCpu + pod.NonZeroMilliCpu, node.AllocatableMilliCpu, ref sum, ref weights);
        Add(node.NonZeroMemory + pod.NonZeroMemory, node.AllocatableMemory, ref sum, ref weights);
        return weights == 0 ? 0 : sum / weights;
    }

    private static void Add(long requested, long capacity, ref long sum, ref long weights)
    {
        if (capacity == 0) return;
        sum += requested > capacity ? 0 : (capacity - requested) * ScoreNormalization.MaxNodeScore / capacity;
        weights++;
    }
}
