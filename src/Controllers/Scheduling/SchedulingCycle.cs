using Cluster.Api.Core.V1;
using Cluster.Controllers.Scheduling.Cache;
using Cluster.Api.Policy.V1;
using Cluster.Controllers.Scheduling.Framework;
using Cluster.Controllers.Scheduling.Preemption;
using Cluster.Controllers.Scheduling.Queue;
using Cluster.Runtime;
using Cluster.Runtime.Informers;

namespace Cluster.Controllers.Scheduling;

/// <summary>
/// One pod's scheduling cycle, upstream's scheduleOne up to the binding: refresh the snapshot, run the algorithm,
/// then either assume the pod on its node (the caller binds) or put it back as unschedulable with the plugins that
/// rejected it. Called by one loop at a time.
/// </summary>
public sealed class SchedulingCycle(SchedulingAlgorithm algorithm, SchedulerCache cache, SchedulingQueue queue, Informer<Namespace>? namespaces = null,
    Evaluator? preemption = null, Func<IReadOnlyList<PodDisruptionBudget>>? disruptionBudgets = null)
{
    private readonly Snapshot _snapshot = new()
    {
        NamespaceLabels = ns => namespaces?.Cache.Get(new ObjectKey("", ns))?.Metadata?.Labels,
    };

    public SchedulerCache Cache => cache;

    public SchedulingQueue Queue => queue;

    public Outcome Run(QueuedPodInfo queued)
    {
        var pod = queued.Pod;
        if (pod.Metadata?.DeletionTimestamp is not null || pod.Spec?.NodeName is { Length: > 0 } || cache.IsAssumed(queued.Uid))
        {
            queue.Done(queued.Uid);
            return new Outcome(null, null, null);
        }
        cache.UpdateSnapshot(_snapshot);
        var info = PodInfo.Of(pod);
        var result = algorithm.Schedule(info, _snapshot);
        if (result.Node is { } node)
        {
            cache.AssumePod(info, node);
            return new Outcome(info, node, null);
        }
        var error = result.Error ?? new FitError(_snapshot.Nodes.Count);
        PreemptionResult? preempted = null;
        if (preemption is not null && _snapshot.Nodes.Count > 0)
        {
            preempted = preemption.Preempt(info, error, _snapshot, algorithm, disruptionBudgets?.Invoke() ?? [], queue.NominatedPodsForNode);
            if (!preempted.Succeeded)
            {
                error.PostFilterMessage = preempted.Message;
                if (preempted.ClearNomination) queue.DeleteNominatedPodIfExists(pod);
            }
        }
        queue.AddUnschedulableIfNotPresent(queued, queued.Cycle, error.RejectingPlugins);
        // After the requeue, which records the nomination the pod's status carries (none yet: it is patched next).
        if (preempted is { Succeeded: true }) queue.AddNominatedPod(pod, preempted.NodeName);
        queue.Done(queued.Uid);
        return new Outcome(info, null, error) { Preemption = preempted };
    }

    /// <summary>
    /// Assumed on <see cref="Node"/> (bind it, then call Done), or unschedulable with <see cref="Unschedulable"/> (and,
    /// when it may preempt, the <see cref="Preemption"/> to carry out: nominate, evict the victims), or skipped.
    /// </summary>
    public sealed record Outcome(PodInfo? PodInfo, string? Node, FitError? Unschedulable)
    {
        public PreemptionResult? Preemption { get; init; }
    }
}
