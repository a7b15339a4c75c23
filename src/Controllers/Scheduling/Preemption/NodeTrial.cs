using Cluster.Api.Core.V1;
using Cluster.Controllers.Scheduling.Framework;

namespace Cluster.Controllers.Scheduling.Preemption;

/// <summary>
/// One node under a what-if: copies of it (plain, and with the nominated pods that count for the preemptor) on which
/// pods are removed and added back, and the question whether the preemptor fits, answered as upstream's
/// RunFilterPluginsWithNominatedPods (first with the nominated pods, then, if any were added, without them). Instead
/// of PreFilter AddPod/RemovePod extensions, PreFilter state is recomputed on a snapshot in which the node is the
/// copy, and only when the profile has PreFilter plugins. Never touches the snapshot's own NodeInfo.
/// </summary>
internal sealed class NodeTrial
{
    private readonly PodInfo _preemptor;
    private readonly Snapshot _snapshot;
    private readonly SchedulingAlgorithm _algorithm;
    private readonly CycleState _sharedState;
    private readonly NodeInfo _plain;
    private readonly NodeInfo? _withNominated;
    private readonly Snapshot? _plainSnapshot;
    private readonly Snapshot? _nominatedSnapshot;

    public NodeTrial(PodInfo preemptor, NodeInfo node, IReadOnlyList<Pod> nominated, Snapshot snapshot, SchedulingAlgorithm algorithm, CycleState sharedState)
    {
        _preemptor = preemptor;
        _snapshot = snapshot;
        _algorithm = algorithm;
        _sharedState = sharedState;
        _plain = node.Clone();
        if (NominatedPods.AnyCounts(nominated, preemptor))
        {
            _withNominated = node.Clone();
            NominatedPods.AddTo(_withNominated, nominated, preemptor);
        }
        if (algorithm.Profile.PreFilters.Count == 0) return;
        // Built before any pod is removed, so the snapshot's lists of nodes with affinity pods cover every later state.
        _plainSnapshot = SnapshotWith(_plain);
        if (_withNominated is not null) _nominatedSnapshot = SnapshotWith(_withNominated);
    }

    public NodeInfo Node => _plain;

    public void Remove(PodInfo pod)
    {
        _plain.RemovePod(pod);
        _withNominated?.RemovePod(pod);
    }

    public void Add(PodInfo pod)
    {
        _plain.AddPod(pod);
        _withNominated?.AddPod(pod);
    }

    /// <summary>Whether the preemptor fits now; on failure the reasons of the first plugin that rejected it, and its name.</summary>
    public (FilterResult Result, string? Plugin) Fits()
    {
        if (_withNominated is not null)
        {
            var withNominated = Filter(_withNominated, _nominatedSnapshot);
            if (!withNominated.Result.IsSuccess) return withNominated;
        }
        return Filter(_plain, _plainSnapshot);
    }

    private (FilterResult Result, string? Plugin) Filter(NodeInfo node, Snapshot? copy)
    {
        var state = _sharedState;
        if (copy is not null)
        {
            state = new CycleState();
            foreach (var plugin in _algorithm.Profile.PreFilters)
            {
                var result = plugin.PreFilter(state, _preemptor, copy);
                if (!result.IsSuccess) return (result, plugin.Name);
            }
        }
        var filtered = _algorithm.RunFilters(state, _preemptor, node, out var failed);
        return (filtered, failed);
    }

    private Snapshot SnapshotWith(NodeInfo node)
    {
        var copy = Snapshot.Of(_snapshot.Nodes.Select(n => n.Name == node.Name ? node : n));
        copy.NamespaceLabels = _snapshot.NamespaceLabels;
        return copy;
    }
}
