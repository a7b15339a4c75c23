using Cluster.Runtime.Queue;

namespace Cluster.Runtime.Controllers;

/// <summary>Feeds a controller's queue with the keys to reconcile, from one informer's events.</summary>
public interface IEventSource
{
    /// <summary>Enqueues keys until <paramref name="ct"/> fires.</summary>
    Task RunAsync(WorkQueue<ObjectKey> queue, CancellationToken ct);

    /// <summary>Completes once the source's informer has its first list.</summary>
    Task WaitForSyncAsync(CancellationToken ct);
}
