using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Storage;
using Cluster.ApiServer.WatchCache;
using Cluster.Store;
using Cluster.Store.Errors;

namespace Cluster.ApiServer.Handlers;

/// <summary>
/// A watch from a revision older than the watch cache holds, served straight from the store's history (after a
/// restart, say). Past the store's compaction it ends with an ERROR event 410 Expired, and the client relists.
/// </summary>
public sealed class StoreWatch(ApiServices api, ResponseRenderer render)
{
    public async Task StreamAsync(ApiRequest req, ObjectFilter filter, ListOptions options, ResourceWatchCache cache, CancellationToken ct)
    {
        var prefix = StorageKeys.Prefix(req.Resource, filter.Namespace);
        var watch = api.Storage.Store.Watch(new WatchRequest(prefix, KeyRange.PrefixEnd(prefix), options.Revision + 1, PrevKv: true, ProgressNotify: true));
        var indexer = cache.Indexer;
        var stream = render.StartWatch(req);
        await stream.BeginAsync();
        try
        {
            await foreach (var batch in watch.WithCancellation(ct))
            {
                foreach (var e in batch.Events)
                {
                    var key = e.Kv.Key.Span;
                    var previous = e.PrevKv is { } p ? indexer.Index(key, p.Value.Span, p.ModRevision) : null;
                    CachedEvent cached = e.Type == WatchEventType.Put
                        ? new(previous is null ? CachedEventType.Added : CachedEventType.Modified, e.Kv.ModRevision,
                            indexer.Index(key, e.Kv.Value.Span, e.Kv.ModRevision), previous)
                        : previous is null
                            ? null!
                            : new(CachedEventType.Deleted, e.Kv.ModRevision, indexer.Index(key, e.PrevKv!.Value.Span, e.Kv.ModRevision), previous);
                    if (cached is null) continue;
                    if (WatchHandler.Translate(cached, filter) is { } type) await stream.EventAsync(type, cached.Object);
                }
                if (batch.Events.Count == 0 && options.AllowWatchBookmarks) await stream.BookmarkAsync(batch.Revision, initialEventsEnd: false);
                await stream.FlushAsync();
            }
        }
        catch (CompactedException e)
        {
            await stream.ErrorAsync(ApiErrors.Expired($"too old resource version: {options.Revision} ({e.CompactRevision})"));
        }
        catch (OperationCanceledException)
        {
            // The client went away or the timeout passed.
        }
    }
}
