using Cluster.Api.Core.V1;
using Cluster.Runtime;

namespace Cluster.Controllers.Scheduling.Queue;

/// <summary>
/// A pending pod with the queue's bookkeeping (upstream's framework.QueuedPodInfo). Created by the queue; handed to
/// the scheduler by <see cref="SchedulingQueue.PopAsync"/> and given back through
/// <see cref="SchedulingQueue.AddUnschedulableIfNotPresent"/> or <see cref="SchedulingQueue.RequeueAfterError"/>.
/// Only the queue changes it, under its lock; the scheduler may read it between Pop and handing it back.
/// </summary>
public sealed class QueuedPodInfo
{
    internal QueuedPodInfo(Pod pod, DateTimeOffset now)
    {
        Pod = pod;
        Key = ObjectKey.Of(pod);
        Timestamp = now;
    }

    /// <summary>The newest version of the pod the queue has seen.</summary>
    public Pod Pod { get; internal set; }

    public ObjectKey Key { get; }

    /// <summary>metadata.uid, or the key when the pod has none (tests, dry runs).</summary>
    public string Uid => Pod.Metadata?.Uid ?? Key.ToString();

    /// <summary>When the pod last entered the queue (added, or handed back after an attempt); FIFO order and backoff start.</summary>
    public DateTimeOffset Timestamp { get; internal set; }

    /// <summary>When the pod first became active, for the scheduling latency metric; null until then.</summary>
    public DateTimeOffset? InitialAttemptTimestamp { get; internal set; }

    /// <summary>How many times the pod was popped.</summary>
    public int Attempts { get; internal set; }

    /// <summary>The scheduling cycle of the last pop: pass it back to <see cref="SchedulingQueue.AddUnschedulableIfNotPresent"/>.</summary>
    public long Cycle { get; internal set; }

    /// <summary>Plugins that rejected the last attempt (or the PreEnqueue check that gates the pod).</summary>
    public IReadOnlySet<string> UnschedulablePlugins => Rejectors;

    /// <summary>True while a PreEnqueue check keeps the pod out of activeQ (e.g. spec.schedulingGates).</summary>
    public bool Gated { get; internal set; }

    /// <summary>spec.priority, 0 when unset.</summary>
    public int Priority => Pod.Spec?.Priority ?? 0;

    /// <summary>The namespace fairness is computed for.</summary>
    public string Namespace => Key.Namespace;

    internal HashSet<string> Rejectors { get; } = new(StringComparer.Ordinal);

    /// <summary>Where the pod waits; null while it is in flight or gone.</summary>
    internal SubQueue? Location { get; set; }

    /// <summary>Position in the heap that holds it (an active lane or backoffQ); -1 when in none.</summary>
    internal int HeapIndex { get; set; } = -1;

    /// <summary>Monotonic enqueue number: breaks timestamp ties so order is FIFO even under a frozen clock.</summary>
    internal long Sequence { get; set; }

    /// <summary>When the backoff ends, fixed when the pod enters backoffQ.</summary>
    internal DateTimeOffset BackoffExpiry { get; set; }
}
