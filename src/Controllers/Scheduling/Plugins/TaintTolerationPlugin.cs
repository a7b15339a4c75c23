using Cluster.Controllers.Common;
using Cluster.Controllers.Scheduling.Framework;

namespace Cluster.Controllers.Scheduling.Plugins;

/// <summary>
/// Filters out nodes with a NoSchedule or NoExecute taint the pod does not tolerate ("node(s) had untolerated taint
/// {key: value}"); scores nodes by how few PreferNoSchedule taints the pod leaves untolerated.
/// </summary>
public sealed class TaintTolerationPlugin : IFilterPlugin, IScorePlugin
{
    public string Name => "TaintToleration";

    public FilterResult Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        var taints = node.Taints;
        var tolerations = pod.Pod.Spec?.Tolerations;
        for (var i = 0; i < taints.Count; i++)
        {
            var taint = taints[i];
            if (taint.Effect is not ("NoSchedule" or "NoExecute")) continue;
            if (!Tolerations.AnyTolerates(tolerations, taint))
                return FilterResult.UnresolvableBy($"node(s) had untolerated taint {{{taint.Key}: {taint.Value}}}");
        }
        return FilterResult.Fits;
    }

    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        var taints = node.Taints;
        var tolerations = pod.Pod.Spec?.Tolerations;
        long untolerated = 0;
        for (var i = 0; i < taints.Count; i++)
        {
            var taint = taints[i];
            if (taint.Effect != "PreferNoSchedule") continue;
            var tolerated = false;
            for (var j = 0; tolerations is not null && j < tolerations.Count && !tolerated; j++)
                tolerated = tolerations[j].Effect is null or "" or "PreferNoSchedule" && Tolerations.Tolerates(tolerations[j], taint);
            if (!tolerated) untolerated++;
        }
        return untolerated;
    }

    public void Normalize(CycleState state, PodInfo pod, Span<long> scores) => ScoreNormalization.Default(scores, reverse: true);
}
