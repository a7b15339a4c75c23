using Cluster.Api;
using Cluster.Runtime.Informers;
using Cluster.Runtime.Queue;

namespace Cluster.Runtime.Controllers;

/// <summary>
/// Turns an informer's events into keys: those that pass every predicate are mapped (to their own key, their
/// controller owner's key, or any keys a map function gives) and added to the queue, where duplicates merge.
/// </summary>
/// <param name="after">Informers whose caches the map reads: events flow only once they have synced (a map reading an
/// unsynced cache would throw and end the source).</param>
public sealed class InformerEventSource<TObject>(
    Informer<TObject> informer,
    Func<InformerEvent<TObject>, IEnumerable<ObjectKey>> map,
    IReadOnlyList<Func<InformerEvent<TObject>, bool>> predicates,
    IReadOnlyList<IInformer>? after = null) : IEventSource
    where TObject : class, IKubernetesObject<TObject>
{
    public Informer<TObject> Informer => informer;

    public async Task RunAsync(WorkQueue<ObjectKey> queue, CancellationToken ct)
    {
        try
        {
            // Subscribing later loses nothing: a subscription starts with the cache's contents.
            foreach (var other in after ?? []) await other.WaitForSyncAsync(ct);
            await foreach (var e in informer.Events(ct))
            {
                if (!Passes(e)) continue;
                foreach (var key in map(e)) queue.Add(key);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    public Task WaitForSyncAsync(CancellationToken ct) => informer.WaitForSyncAsync(ct);

    private bool Passes(InformerEvent<TObject> e)
    {
        foreach (var predicate in predicates)
            if (!predicate(e)) return false;
        return true;
    }
}
