using Cluster.Api.Core.V1;
using Cluster.Controllers.Scheduling.Framework;

namespace Cluster.Controllers.Scheduling.Plugins;

/// <summary>
/// spec.nodeSelector and required node affinity filter nodes ("node(s) didn't match Pod's node affinity/selector");
/// preferred node affinity scores them by the summed weights of the terms they match.
/// </summary>
public sealed class NodeAffinityPlugin : IFilterPlugin, IScorePlugin
{
    public const string Reason = "node(s) didn't match Pod's node affinity/selector";

    public string Name => "NodeAffinity";

    public FilterResult Filter(CycleState state, PodInfo pod, NodeInfo node) =>
        Matches(pod.Pod, node.Name, node.Labels) ? FilterResult.Fits : FilterResult.UnresolvableBy(Reason);

    /// <summary>Whether the pod's node selector and required node affinity accept a node with these labels.</summary>
    public static bool Matches(Pod pod, string nodeName, IReadOnlyDictionary<string, string>? labels)
    {
        if (pod.Spec?.NodeSelector is { Count: > 0 } selector)
        {
            if (labels is null) return false;
            foreach (var (key, value) in selector)
                if (!labels.TryGetValue(key, out var actual) || actual != value) return false;
        }
        var required = pod.Spec?.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution;
        return required?.NodeSelectorTerms is not { } terms || NodeSelectorMatch.AnyTerm(terms, nodeName, labels);
    }

    public bool PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, Snapshot snapshot) =>
        pod.Pod.Spec?.Affinity?.NodeAffinity?.PreferredDuringSchedulingIgnoredDuringExecution is { Count: > 0 };

    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        var preferred = pod.Pod.Spec?.Affinity?.NodeAffinity?.PreferredDuringSchedulingIgnoredDuringExecution;
        if (preferred is null) return 0;
        long sum = 0;
        for (var i = 0; i < preferred.Count; i++)
            if (preferred[i].Preference is { } term && (preferred[i].Weight ?? 0) != 0 && NodeSelectorMatch.Term(term, node.Name, node.Labels))
                sum += preferred[i].Weight ?? 0;
        return sum;
    }

    public void Normalize(CycleState state, PodInfo pod, Span<long> scores) => ScoreNormalization.Default(scores, reverse: false);
}
