namespace Cluster.Controllers.Scheduling.Queue;

/// <summary>
/// The orders the queue's heaps use. Active: higher spec.priority first, then earlier enqueue timestamp, then enqueue
/// sequence (upstream's PrioritySort plugin, made total). Backoff: earlier backoff expiry first.
/// </summary>
internal static class QueueOrder
{
    public static IComparer<QueuedPodInfo> Active { get; } = Comparer<QueuedPodInfo>.Create(static (a, b) =>
    {
        var byPriority = b.Priority.CompareTo(a.Priority);
        if (byPriority != 0) return byPriority;
        var byTime = a.Timestamp.CompareTo(b.Timestamp);
        return byTime != 0 ? byTime : a.Sequence.CompareTo(b.Sequence);
    });

    public static IComparer<QueuedPodInfo> Backoff { get; } = Comparer<QueuedPodInfo>.Create(static (a, b) =>
    {
        var byExpiry = a.BackoffExpiry.CompareTo(b.BackoffExpiry);
        return byExpiry != 0 ? byExpiry : a.Sequence.CompareTo(b.Sequence);
    });
}
