using Cluster.Api.Core.V1;
using Cluster.Api.Selectors;
using Cluster.Controllers.Common;
using Cluster.Controllers.Scheduling.Framework;

namespace Cluster.Controllers.Scheduling.Plugins;

/// <summary>
/// A topology spread constraint prepared for counting: the selector with matchLabelKeys merged in, maxSkew,
/// minDomains (1 when unset), and whether node affinity (default Honor) and taints (default Ignore) decide which
/// nodes' pods are counted. Immutable.
/// </summary>
internal sealed class SpreadConstraint
{
    public const string HostnameKey = "kubernetes.io/hostname";

    public required int MaxSkew { get; init; }
    public required string TopologyKey { get; init; }
    public required LabelSelector Selector { get; init; }
    public required int MinDomains { get; init; }
    public required bool HonorNodeAffinity { get; init; }
    public required bool HonorTaints { get; init; }

    /// <summary>The pod's constraints with the given whenUnsatisfiable.</summary>
    public static SpreadConstraint[] Of(PodInfo pod, string whenUnsatisfiable)
    {
        var list = new List<SpreadConstraint>();
        foreach (var c in pod.Pod.Spec?.TopologySpreadConstraints ?? [])
        {
            if (c.WhenUnsatisfiable != whenUnsatisfiable) continue;
            list.Add(new SpreadConstraint
            {
                MaxSkew = c.MaxSkew ?? 1,
                TopologyKey = c.TopologyKey ?? "",
                Selector = SelectorOf(pod, c),
                MinDomains = c.MinDomains is > 0 ? c.MinDomains.Value : 1,
                HonorNodeAffinity = c.NodeAffinityPolicy != "Ignore",
                HonorTaints = c.NodeTaintsPolicy == "Honor",
            });
        }
        return [.. list];
    }

    /// <summary>Whether the node's pods count for this constraint under its inclusion policies.</summary>
    public bool Includes(PodInfo pod, NodeInfo node)
    {
        if (HonorNodeAffinity && !NodeAffinityPlugin.Matches(pod.Pod, node.Name, node.Labels)) return false;
        if (!HonorTaints) return true;
        foreach (var taint in node.Taints)
            if (taint.Effect is "NoSchedule" or "NoExecute" && !Tolerations.AnyTolerates(pod.Pod.Spec?.Tolerations, taint)) return false;
        return true;
    }

    /// <summary>Live pods in <paramref name="namespace"/> on the node that the selector matches (an empty selector counts none, as upstream).</summary>
    public int CountMatching(NodeInfo node, string @namespace)
    {
        if (Selector.IsEverything || Selector.IsNothing) return 0;
        var count = 0;
        foreach (var p in node.Pods)
            if (p.Pod.Metadata?.DeletionTimestamp is null && p.Namespace == @namespace && Selector.Matches(p.Labels)) count++;
        return count;
    }

    public static bool NodeHasAllKeys(NodeInfo node, SpreadConstraint[] constraints)
    {
        foreach (var c in constraints)
            if (node.Labels?.ContainsKey(c.TopologyKey) != true) return false;
        return true;
    }

    private static LabelSelector SelectorOf(PodInfo pod, TopologySpreadConstraint c)
    {
        var selector = LabelSelectors.FromOrNothing(c.LabelSelector);
        if (selector.IsNothing || c.MatchLabelKeys is not { Count: > 0 } keys || pod.Labels is not { } labels) return selector;
        var requirements = new List<LabelRequirement>(selector.Requirements);
        foreach (var key in keys)
        {
            if (!labels.TryGetValue(key, out var value)) continue;
            try
            {
                requirements.Add(LabelRequirement.Create(key, LabelOperator.In, [value]));
            }
            catch (SelectorParseException)
            {
                // The API server validated the pod's labels; an invalid one is skipped rather than failing the pod.
            }
        }
        return LabelSelector.FromRequirements(requirements);
    }
}
