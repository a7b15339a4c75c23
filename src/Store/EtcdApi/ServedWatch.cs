using Cluster.Store.Etcd.Grpc;
using Microsoft.Extensions.Logging;
using Pb = Cluster.Store.Etcd.Protos;

namespace Cluster.Store.EtcdApi;

/// <summary>
/// One watch on a Watch stream: a store watch enumerated by its own task (the pump), each batch queued as a response
/// with this watch's id. Batches keep the store's order, so the client sees events in revision order and a progress
/// notification only after every event before it.
/// </summary>
/// <remarks>
/// A watch ends in exactly one of two ways, and exactly one final message says so: it ends on its own (compacted start,
/// store closed, no room in the send queue for <see cref="EtcdApiServerOptions.SlowWatcherTimeout"/>) and the pump sends a
/// cancelled response with the reason; or the stream stops it (<see cref="StopAsync"/>) and the stream decides whether
/// to send a cancelled response. Whichever comes first claims the end. Whoever removes the watch from its stream's table
/// disposes it, once its pump has finished.
/// </remarks>
internal sealed class ServedWatch : IDisposable
{
    private readonly IStoreWatch _watch;
    private readonly WatchSendQueue _queue;
    private readonly IKeyValueStore _store;
    private readonly ResponseHeaders _headers;
    private readonly TimeSpan _patience;
    private readonly string _client;
    private readonly ILogger _logger;
    private readonly Action<ServedWatch> _ended;
    private readonly CancellationTokenSource _stop = new();
    private Task _pump = Task.CompletedTask;
    private int _endClaimed;
    private long _lastRevision; // revision of the last batch queued (touched by the pump only)

    /// <param name="ended">Called by the pump, as its last act, when the watch ends on its own, so the stream forgets it.</param>
    public ServedWatch(long id, IStoreWatch watch, WatchSendQueue queue, IKeyValueStore store, ResponseHeaders headers,
        TimeSpan patience, string client, ILogger logger, Action<ServedWatch> ended)
    {
        Id = id;
        _watch = watch;
        _queue = queue;
        _store = store;
        _headers = headers;
        _patience = patience;
        _client = client;
        _logger = logger;
        _ended = ended;
    }

    public long Id { get; }

    /// <summary>Starts pumping; call once, after the created response has been queued.</summary>
    public void Start() => _pump = Task.Run(PumpAsync);

    /// <summary>Asks the store for a progress notification; it is sent after every event up to its revision.</summary>
    public void RequestProgress() => _watch.RequestProgress();

    /// <summary>
    /// Stops the pump and waits for it. Returns true if the watch had not ended on its own, so the caller owns its end
    /// (and may send the cancelled response).
    /// </summary>
    public async Task<bool> StopAsync()
    {
        await _stop.CancelAsync();
        await _pump;
        return ClaimEnd();
    }

    public void Dispose() => _stop.Dispose();

    private async Task PumpAsync()
    {
        Pb.WatchResponse? final = null;
        try
        {
            await foreach (var batch in _watch.WithCancellation(_stop.Token))
            {
                var frame = GrpcFraming.Encode(WireResponses.Watch(Id, batch, _headers));
                if (!await _queue.EnqueueAsync(frame, _patience, _stop.Token))
                {
                    EtcdApiLog.SlowWatcherCancelled(_logger, Id, _client, _patience.TotalSeconds, _queue.QueuedBytes);
                    final = Cancelled(
                        $"etcdserver: the client has not read its watch stream for {_patience.TotalSeconds:0.#}s " +
                        $"({_queue.QueuedBytes} bytes queued, limit {_queue.CapacityBytes})");
                    break;
                }
                _lastRevision = batch.Revision;
            }
            if (final is null && !_stop.IsCancellationRequested) final = Cancelled("etcdserver: the watch ended");
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopped by the stream, which owns the end.
        }
        catch (CompactedException e)
        {
            final = Cancelled("");
            final.CompactRevision = e.CompactRevision;
        }
        catch (WatchCancelledException e)
        {
            final = Cancelled($"etcdserver: {e.Reason}");
        }
        catch (StoreException e)
        {
            final = Cancelled($"etcdserver: {e.Message}");
        }
        catch (Exception e)
        {
            EtcdApiLog.WatchFailed(_logger, Id, e);
            final = Cancelled($"etcdserver: internal error: {e.Message}");
        }
        if (final is not null) await EndAsync(final);
    }

    private Pb.WatchResponse Cancelled(string reason) => new() { WatchId = Id, Canceled = true, CancelReason = reason };

    /// <summary>Sends the watch's final message, unless the stream already owns its end, and lets the stream forget it.</summary>
    private async Task EndAsync(Pb.WatchResponse final)
    {
        if (!ClaimEnd()) return;
        final.Header = _headers.At(await CurrentRevisionAsync(final.CompactRevision));
        _queue.EnqueueFinal(GrpcFraming.Encode(final));
        _ended(this);
    }

    private bool ClaimEnd() => Interlocked.Exchange(ref _endClaimed, 1) == 0;

    /// <summary>The store's revision for the final message's header; the best one known if the store cannot say.</summary>
    private async Task<long> CurrentRevisionAsync(long atLeast)
    {
        try
        {
            return await StoreRevision.CurrentAsync(_store, CancellationToken.None);
        }
        catch (Exception)
        {
            return Math.Max(_lastRevision, atLeast);
        }
    }
}
