using System.Security.Cryptography;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.WatchCache;

namespace Cluster.ApiServer.Handlers;

/// <summary>
/// A watch: newline-delimited JSON events from the resource's watch cache, filtered per watcher (an object that
/// stops matching the selectors is a DELETED for this watcher, one that starts matching an ADDED). Starts with
/// the current objects for resourceVersion "" and "0" (or sendInitialEvents), else with the events after the
/// given revision; a revision older than the cache holds is served from the store's history, and one older than
/// that gets an ERROR event 410 Expired.
/// </summary>
public sealed class WatchHandler(ApiServices api, ResponseRenderer render)
{
    private const int BatchSize = 1024;
    private static readonly TimeSpan BookmarkInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CoalesceDelay = TimeSpan.FromMilliseconds(10);

    public async Task HandleAsync(ApiRequest req)
    {
        var options = ListOptions.Parse(req, watch: true);
        var filter = new ObjectFilter(req.Resource, req.Namespace, options);
        var cache = await api.Caches.GetAsync(req.Resource, req.Aborted);
        var timeout = options.TimeoutSeconds is long t and > 0
            ? TimeSpan.FromSeconds(t)
            : TimeSpan.FromSeconds(1800 + RandomNumberGenerator.GetInt32(1800));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(req.Aborted);
        deadline.CancelAfter(timeout);
        var ct = deadline.Token;

        var sendInitial = options.SendInitialEvents ?? (options.ResourceVersion is null or "0");
        CacheState state;
        long sequence;
        if (sendInitial)
        {
            if (options.Revision > 0) await cache.WaitForRevisionAsync(options.Revision, TimeSpan.FromSeconds(3), req.Aborted);
            state = cache.State;
            sequence = state.NextSequence;
        }
        else
        {
            if (!await cache.WaitForRevisionAsync(options.Revision, TimeSpan.FromSeconds(3), req.Aborted))
                throw ApiErrors.Timeout($"Too large resource version: {options.Revision}, current: {cache.State.Revision}");
            state = cache.State;
            if (state.Ring.FirstAfter(options.Revision) is not { } first)
            {
                await new StoreWatch(api, render).StreamAsync(req, filter, options, cache, ct);
                return;
            }
            sequence = first;
        }

        var stream = render.StartWatch(req);
        await stream.BeginAsync();
        if (sendInitial)
        {
            foreach (var obj in state.Objects.Values)
            {
                if (filter.Matches(obj)) await stream.EventAsync("ADDED", obj);
            }
            if (options.SendInitialEvents == true && options.AllowWatchBookmarks) await stream.BookmarkAsync(state.Revision, initialEventsEnd: true);
            await stream.FlushAsync();
        }

        var ring = state.Ring;
        var batch = new List<CachedEvent>(BatchSize);
        var stopped = Task.Delay(Timeout.Infinite, ct); // one task for the whole watch rather than a registration per wait
        var bookmarkDue = options.AllowWatchBookmarks ? Task.Delay(BookmarkInterval, ct) : stopped;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var changed = cache.Changed;
                batch.Clear();
                if (cache.State.Ring != ring) return; // the cache was rebuilt: the client re-watches
                if (!ring.TryRead(sequence, batch, BatchSize))
                {
                    await stream.ErrorAsync(ApiErrors.Expired("too old resource version: the watcher fell too far behind"));
                    return;
                }
                sequence += batch.Count;
                foreach (var e in batch)
                {
                    if (Translate(e, filter) is { } type) await stream.EventAsync(type, e.Object);
                }
                if (batch.Count > 0)
                {
                    await stream.FlushAsync();
                    if (batch.Count == BatchSize) continue;
                }
                if (bookmarkDue.IsCompleted && !ct.IsCancellationRequested)
                {
                    bookmarkDue = Task.Delay(BookmarkInterval, ct);
                    await stream.BookmarkAsync(cache.State.Revision, initialEventsEnd: false);
                    await stream.FlushAsync();
                    cache.RequestProgress();
                }
                await Task.WhenAny(changed, bookmarkDue, stopped);
                // Under a stream of changes, wait a moment so one write carries several events: with many watchers
                // that cuts writes (and TLS records) several-fold for a few milliseconds of latency. (A tick shared
                // by all watchers was tried: it wakes them all at once and the burst's tail latency was worse.)
                if (changed.IsCompleted && batch.Count > 0) await Task.Delay(CoalesceDelay, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away or the timeout passed: the stream ends cleanly.
        }
    }

    /// <summary>The event type this watcher sees, given whether the object matched before and after; null if neither.</summary>
    public static string? Translate(CachedEvent e, ObjectFilter filter)
    {
        var now = e.Type != CachedEventType.Deleted && filter.Matches(e.Object);
        var before = e.Previous is not null && filter.Matches(e.Previous);
        return e.Type switch
        {
            CachedEventType.Deleted => before || filter.Matches(e.Object) ? "DELETED" : null,
            _ when now && before => "MODIFIED",
            _ when now => "ADDED",
            _ when before => "DELETED",
            _ => null,
        };
    }
}
