using Cluster.Api;
using Cluster.Runtime.Informers;
using Cluster.Runtime.Queue;

namespace Cluster.Runtime.Controllers;

/// <summary>
/// Turns an informer's events into keys: those that pass every predicate are mapped (to their own key, their
/// controller owner's key, or any keys a map function gives) and added to the queue, where duplicates merge.
/// </summary>
public sealed class InformerEventSource<TObject>(
    Informer<TObject> informer,
    Func<InformerEvent<TObject>, IEnumerable<ObjectKey>> map,
    IReadOnlyList<Func<InformerEvent<TObject>, bool>> predicates) : IEventSource
    where TObject : class, IKubernetesObject<TObject>
{
    public Informer<TObject> Informer => informer;

    public async Task RunAsync(WorkQueue<ObjectKey> queue, CancellationToken ct)
    {
        try
        {
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
