using Cluster.Api.Core.V1;
using Cluster.Runtime;

namespace Cluster.Controllers.Scheduling.Queue;

/// <summary>
/// The pods waiting to be scheduled, in three sub-queues as upstream's PriorityQueue: activeQ (ready, popped in
/// priority order, optionally fair between namespaces: see <see cref="SchedulingQueueOptions.DominantShare"/>),
/// backoffQ (retried when their per-pod backoff ends) and unschedulablePods (rejected; moved back only by a cluster
/// event relevant to a rejecting plugin, or after <see cref="SchedulingQueueOptions.MaxInUnschedulable"/>).
/// Each pod (by namespace/name) is in at most one sub-queue or in flight between <see cref="PopAsync"/> and
/// <see cref="Done"/> / <see cref="AddUnschedulableIfNotPresent"/>.
/// Thread-safe: one lock guards all state, and no callback runs outside it. Pure: no I/O, time from the
/// <see cref="TimeProvider"/>; the periodic flushes run from <see cref="RunAsync"/> or explicit calls.
/// </summary>
public sealed class SchedulingQueue
{
    private readonly Lock _lock = new(); // guards every field below
    private readonly SchedulingQueueOptions _options;
    private readonly TimeProvider _time;
    private readonly QueueState _state;
    private readonly PodNominator _nominator = new();
    private readonly InFlightLog _inFlight = new();
    private long _schedulingCycle;
    private long _moveRequestCycle = -1;
    private bool _closed;
    private TaskCompletionSource? _waiter; // completed (and dropped) whenever activeQ gains pods or the queue closes

    public SchedulingQueue(SchedulingQueueOptions? options = null, TimeProvider? time = null)
    {
        _options = options ?? new SchedulingQueueOptions();
        _time = time ?? TimeProvider.System;
        _state = new QueueState(_options, _time);
    }

    /// <summary>How many pods wait in each sub-queue.</summary>
    public PendingCounts Pending
    {
        get { lock (_lock) return _state.Counts; }
    }

    /// <summary>The number of pops so far; a pod popped now gets this number plus one.</summary>
    public long SchedulingCycle
    {
        get { lock (_lock) return _schedulingCycle; }
    }

    /// <summary>Where the pod waits, or null when it is in flight or not queued.</summary>
    public SubQueue? QueueOf(ObjectKey key)
    {
        lock (_lock) return _state.Find(key)?.Location;
    }

    /// <summary>Every queued pod (in-flight ones excluded), for debugging dumps.</summary>
    public IReadOnlyList<Pod> PendingPods()
    {
        lock (_lock) return _state.All.Select(p => p.Pod).ToArray();
    }

    /// <summary>A new pending pod: to activeQ (or unschedulablePods if gated), replacing any queued copy.</summary>
    public void Add(Pod pod)
    {
        lock (_lock)
        {
            var key = ObjectKey.Of(pod);
            if (_state.Find(key) is { } stale) _state.Remove(stale);
            var info = new QueuedPodInfo(pod, _time.GetUtcNow());
            var activated = _state.AddToActiveOrGate(info);
            _nominator.Add(pod, null);
            if (activated) SignalLocked();
        }
    }

    /// <summary>
    /// A pending pod changed. In activeQ or backoffQ it is updated in place. In unschedulablePods, a change that may
    /// affect scheduling (<see cref="PodChanges"/>) moves it to backoffQ or activeQ (a gated pod is re-checked).
    /// While in flight the change is remembered and the attempt's failure then requeues it with backoff. Otherwise
    /// it is added to activeQ.
    /// </summary>
    public void Update(Pod? oldPod, Pod newPod)
    {
        lock (_lock)
        {
            var info = _state.Find(ObjectKey.Of(newPod));
            if (oldPod is not null) _nominator.Update(oldPod, newPod);
            else _nominator.Add(newPod, null);
            if (info is null)
            {
                if (_inFlight.Get(UidOf(newPod)) is { } flying)
                {
                    flying.Changed |= oldPod is null || PodChanges.MayAffectScheduling(oldPod, newPod);
                    flying.Latest = newPod;
                    return;
                }
                if (_state.AddToActiveOrGate(new QueuedPodInfo(newPod, _time.GetUtcNow()))) SignalLocked();
                return;
            }
            var previous = info.Pod;
            info.Pod = newPod;
            if (info.Location != SubQueue.Unschedulable)
            {
                _state.Reorder(info);
                return;
            }
            if (!PodChanges.MayAffectScheduling(oldPod ?? previous, newPod)) return;
            _state.Remove(info);
            if (_state.RequeueAfterBackoff(info) == SubQueue.Active) SignalLocked();
        }
    }

    /// <summary>Removes the pod from whichever sub-queue holds it and from the nominations; an in-flight pod is not requeued.</summary>
    public void Delete(Pod pod)
    {
        lock (_lock)
        {
            _nominator.Delete(pod);
            if (_state.Find(ObjectKey.Of(pod)) is { } info) _state.Remove(info);
            if (_inFlight.Get(UidOf(pod)) is { } flying) flying.Deleted = true;
        }
    }

    /// <summary>
    /// Takes the next pod from activeQ, waiting until there is one. Returns null once the queue is closed and empty;
    /// throws <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires first.
    /// The pod is in flight until <see cref="Done"/> or <see cref="AddUnschedulableIfNotPresent"/>.
    /// </summary>
    public async ValueTask<QueuedPodInfo?> PopAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (_state.PopActive() is { } info)
                {
                    info.Attempts++;
                    info.Cycle = ++_schedulingCycle;
                    info.Rejectors.Clear();
                    _inFlight.Start(info.Uid, info.Cycle);
                    return info;
                }
                if (_closed) return null;
                _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _waiter.Task;
            }
            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Ends the attempt of a popped pod (bound, or given up): events stop being recorded for it.</summary>
    public void Done(string uid)
    {
        lock (_lock) _inFlight.Done(uid);
    }

    /// <summary>
    /// Hands back a popped pod whose attempt failed because <paramref name="rejectors"/> (plugin names) rejected it,
    /// and ends its attempt. It goes to backoffQ when an event relevant to a rejector arrived since cycle
    /// <paramref name="podSchedulingCycle"/> began (for a pod no longer in flight: any move request since then), when
    /// the pod itself changed meanwhile, or when no plugin is named; otherwise to unschedulablePods. False (and nothing
    /// queued) when the pod is already queued or was deleted during the attempt.
    /// </summary>
    public bool AddUnschedulableIfNotPresent(QueuedPodInfo info, long podSchedulingCycle, IEnumerable<string> rejectors)
    {
        lock (_lock)
        {
            var flying = _inFlight.Get(info.Uid);
            try
            {
                if (flying is { Deleted: true } || _state.Find(info.Key) is not null) return false;
                if (flying?.Latest is { } newest) info.Pod = newest;
                info.Rejectors.Clear();
                info.Rejectors.UnionWith(rejectors);
                info.Timestamp = _time.GetUtcNow();
                var retry = info.Rejectors.Count == 0 || flying is { Changed: true } || (flying is null
                    ? _moveRequestCycle >= podSchedulingCycle
                    : _inFlight.AnySince(podSchedulingCycle, e => _options.Plugins.AnyInterested(info.Rejectors, e)));
                if (!retry) _state.PutUnschedulable(info);
                else if (_state.RequeueAfterBackoff(info) == SubQueue.Active) SignalLocked();
                _nominator.Add(info.Pod, null);
                return true;
            }
            finally
            {
                _inFlight.Done(info.Uid);
            }
        }
    }

    /// <summary>Hands back a popped pod whose attempt failed for a transient reason (API error): backoffQ, then retry.</summary>
    public bool RequeueAfterError(QueuedPodInfo info) => AddUnschedulableIfNotPresent(info, info.Cycle, []);

    /// <summary>
    /// A cluster event happened: every unschedulable pod (passing <paramref name="preCheck"/>, e.g. an affinity match
    /// for <see cref="ClusterEvent.AssignedPodAdd"/>) rejected by a plugin interested in it moves to backoffQ while
    /// its backoff lasts, else to activeQ. Gated pods stay. The event is also remembered for in-flight pods.
    /// </summary>
    public void MoveAllToActiveOrBackoffQueue(ClusterEvent happened, Func<Pod, bool>? preCheck = null)
    {
        lock (_lock) MoveLocked(_state.Unschedulable(), happened, preCheck);
    }

    /// <summary>Moves the given pods from unschedulablePods or backoffQ straight to activeQ (upstream's Activate).</summary>
    public void Activate(IEnumerable<Pod> pods)
    {
        lock (_lock)
        {
            var activated = false;
            foreach (var pod in pods)
            {
                if (_state.Find(ObjectKey.Of(pod)) is not { Location: SubQueue.Backoff or SubQueue.Unschedulable } info) continue;
                _state.Remove(info);
                activated |= _state.AddToActiveOrGate(info);
            }
            if (activated) SignalLocked();
        }
    }

    /// <summary>Moves pods whose backoff has ended from backoffQ to activeQ (upstream runs this every second).</summary>
    public void FlushBackoffCompleted()
    {
        lock (_lock)
        {
            if (_state.FlushBackoffCompleted()) SignalLocked();
        }
    }

    /// <summary>Moves pods that have waited in unschedulablePods longer than the maximum, as a wildcard event would.</summary>
    public void FlushUnschedulableLeftover()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var stale = _state.Unschedulable().Where(p => now - p.Timestamp > _options.MaxInUnschedulable).ToList();
            if (stale.Count > 0) MoveLocked(stale, ClusterEvent.UnschedulableTimeout, null);
        }
    }

    /// <summary>Runs the periodic flushes until cancelled: backoffQ every second, unschedulablePods every 30 seconds.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), _time);
        var ticks = 0L;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                FlushBackoffCompleted();
                if (++ticks % 30 == 0) FlushUnschedulableLeftover();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Wakes every waiting <see cref="PopAsync"/>; they return null once activeQ is empty.</summary>
    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            SignalLocked();
        }
    }

    /// <summary>Records that preemption nominated the pod to <paramref name="nodeName"/> (null: its status.nominatedNodeName).</summary>
    public void AddNominatedPod(Pod pod, string? nodeName)
    {
        lock (_lock) _nominator.Add(pod, nodeName);
    }

    public void DeleteNominatedPodIfExists(Pod pod)
    {
        lock (_lock) _nominator.Delete(pod);
    }

    /// <summary>A copy of the pods nominated to the node, in nomination order.</summary>
    /// <summary>Whether any pod is nominated (read without the lock: possibly a moment old).</summary>
    public bool AnyNominatedPods() => _nominator.Count > 0;

    public IReadOnlyList<Pod> NominatedPodsForNode(string nodeName)
    {
        // Asked for every node in every cycle and nearly always empty: the count spares the lock (a nomination made
        // meanwhile is seen by the next cycle, as one made just after this cycle would be).
        if (_nominator.Count == 0) return [];
        lock (_lock) return _nominator.ForNode(nodeName);
    }

    private void MoveLocked(List<QueuedPodInfo> candidates, ClusterEvent happened, Func<Pod, bool>? preCheck)
    {
        var activated = false;
        foreach (var info in candidates)
        {
            if (info.Gated || (preCheck is not null && !preCheck(info.Pod))) continue;
            if (!_options.Plugins.AnyInterested(info.Rejectors, happened)) continue;
            _state.Remove(info);
            activated |= _state.RequeueAfterBackoff(info) == SubQueue.Active;
        }
        _moveRequestCycle = _schedulingCycle;
        _inFlight.Record(happened, _schedulingCycle);
        if (activated) SignalLocked();
    }

    private void SignalLocked()
    {
        _waiter?.TrySetResult();
        _waiter = null;
    }

    private static string UidOf(Pod pod) => pod.Metadata?.Uid ?? ObjectKey.Of(pod).ToString();
}
