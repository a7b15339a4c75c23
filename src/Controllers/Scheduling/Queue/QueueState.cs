using Cluster.Runtime;

namespace Cluster.Controllers.Scheduling.Queue;

/// <summary>
/// The three sub-queues and the moves between them, without locking or waiting (<see cref="SchedulingQueue"/> adds
/// both). Invariant: a pod is in at most one sub-queue, its <see cref="QueuedPodInfo.Location"/> says which, and
/// <c>_queued</c> indexes exactly the pods in some sub-queue.
/// </summary>
internal sealed class QueueState(SchedulingQueueOptions options, TimeProvider time)
{
    private readonly ActiveQueue _active = new(options.DominantShare);
    private readonly PodHeap _backoff = new(QueueOrder.Backoff);
    private readonly Dictionary<ObjectKey, QueuedPodInfo> _unschedulable = [];
    private readonly Dictionary<ObjectKey, QueuedPodInfo> _queued = [];
    private long _sequence;
    private int _gated;

    public PendingCounts Counts => new(_active.Count, _backoff.Count, _unschedulable.Count - _gated, _gated);

    public QueuedPodInfo? Find(ObjectKey key) => _queued.GetValueOrDefault(key);

    public IEnumerable<QueuedPodInfo> All => _queued.Values;

    /// <summary>A copy, so callers can move pods while iterating.</summary>
    public List<QueuedPodInfo> Unschedulable() => [.. _unschedulable.Values];

    public bool IsBackingOff(QueuedPodInfo pod) => !pod.Gated && BackoffExpiry(pod) > time.GetUtcNow();

    /// <summary>Takes the pod out of whichever sub-queue holds it.</summary>
    public void Remove(QueuedPodInfo pod)
    {
        switch (pod.Location)
        {
            case SubQueue.Active:
                _active.Remove(pod);
                break;
            case SubQueue.Backoff:
                _backoff.Remove(pod);
                break;
            case SubQueue.Unschedulable:
                _unschedulable.Remove(pod.Key);
                if (pod.Gated) _gated--;
                break;
            default:
                return;
        }
        _queued.Remove(pod.Key);
        pod.Location = null;
    }

    /// <summary>
    /// Puts the pod in activeQ unless the PreEnqueue check gates it, in which case it goes to unschedulablePods
    /// (upstream's addToActiveQ). True when it became active.
    /// </summary>
    public bool AddToActiveOrGate(QueuedPodInfo pod)
    {
        var gate = options.PreEnqueue?.Invoke(pod.Pod);
        if (gate is not null)
        {
            pod.Rejectors.Clear();
            pod.Rejectors.Add(gate);
            pod.Gated = true;
            PutUnschedulable(pod);
            return false;
        }
        pod.Gated = false;
        pod.InitialAttemptTimestamp ??= time.GetUtcNow();
        pod.Sequence = ++_sequence;
        pod.Location = SubQueue.Active;
        _queued[pod.Key] = pod;
        _active.Add(pod);
        return true;
    }

    /// <summary>Back to backoffQ while the pod's backoff lasts, to activeQ (or gated) after. Returns where it went.</summary>
    public SubQueue RequeueAfterBackoff(QueuedPodInfo pod)
    {
        if (IsBackingOff(pod))
        {
            pod.BackoffExpiry = BackoffExpiry(pod);
            pod.Sequence = ++_sequence;
            pod.Location = SubQueue.Backoff;
            _queued[pod.Key] = pod;
            _backoff.Push(pod);
            return SubQueue.Backoff;
        }
        return AddToActiveOrGate(pod) ? SubQueue.Active : SubQueue.Unschedulable;
    }

    public void PutUnschedulable(QueuedPodInfo pod)
    {
        pod.Sequence = ++_sequence;
        pod.Location = SubQueue.Unschedulable;
        _queued[pod.Key] = pod;
        _unschedulable[pod.Key] = pod;
        if (pod.Gated) _gated++;
    }

    /// <summary>Re-positions an active pod after an update (its priority may have changed).</summary>
    public void Reorder(QueuedPodInfo pod)
    {
        if (pod.Location == SubQueue.Active) _active.Fix(pod);
    }

    public QueuedPodInfo? PopActive()
    {
        var pod = _active.Pop();
        if (pod is null) return null;
        _queued.Remove(pod.Key);
        pod.Location = null;
        return pod;
    }

    /// <summary>Moves every pod whose backoff has ended to activeQ; true when any became active.</summary>
    public bool FlushBackoffCompleted()
    {
        var now = time.GetUtcNow();
        var activated = false;
        while (_backoff.Peek() is { } head && head.BackoffExpiry <= now)
        {
            Remove(head);
            activated |= AddToActiveOrGate(head);
        }
        return activated;
    }

    private DateTimeOffset BackoffExpiry(QueuedPodInfo pod) => pod.Timestamp + options.Backoff.Duration(pod.Attempts);
}
