using Cluster.Store.Etcd.Grpc;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Pb = Cluster.Store.Etcd.Protos;

namespace Cluster.Store.EtcdApi;

/// <summary>
/// One call of etcd's bidirectional Watch method: any number of watches multiplexed on one HTTP/2 stream.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>The request delegate's own flow is the reader: it handles create, cancel and progress requests one at a time,
/// in order. A create is answered with <c>created</c> (and the id) before the watch's first event; a cancel with
/// <c>canceled</c> after its last one; a progress request makes every watch send a progress notification once it has
/// sent every event before it (with no watches, one notification with watch id -1 answers it, as in etcd).</item>
/// <item>Each watch is pumped by its own task (<see cref="ServedWatch"/>); one writer task sends everything from the
/// stream's bounded <see cref="WatchSendQueue"/>. Control responses wait for room in the queue, so a client that does not
/// read stops being read; watch events wait up to <see cref="EtcdApiServerOptions.SlowWatcherTimeout"/>, then the watch
/// is cancelled with a reason.</item>
/// <item>The stream ends with OK when the client half-closes (cancelling its watches, as etcd does), with
/// <c>INVALID_ARGUMENT</c> on a request using an unsupported field, <c>INTERNAL</c> on a malformed frame, and
/// <c>UNAVAILABLE</c> when the server stops.</item>
/// </list>
/// </remarks>
internal sealed class WatchStream
{
    public const string Path = "/etcdserverpb.Watch/Watch";

    private readonly IKeyValueStore _store;
    private readonly ResponseHeaders _headers;
    private readonly EtcdApiServerOptions _options;
    private readonly ILogger _logger;
    private readonly WatchSendQueue _queue;
    private readonly string _client;
    private readonly Lock _gate = new(); // guards _watches and _nextId
    private readonly Dictionary<long, ServedWatch> _watches = [];
    private long _nextId;

    private WatchStream(IKeyValueStore store, ResponseHeaders headers, EtcdApiServerOptions options, TimeProvider time, ILogger logger, string client)
    {
        _store = store;
        _headers = headers;
        _options = options;
        _logger = logger;
        _client = client;
        _queue = new WatchSendQueue(options.WatchSendQueueBytes, time);
    }

    /// <summary>Serves one Watch call until the client half-closes or goes away, or <paramref name="stopping"/> fires.</summary>
    public static async Task ServeAsync(
        HttpContext context, IKeyValueStore store, ResponseHeaders headers, EtcdApiServerOptions options, TimeProvider time,
        ILogger logger, CancellationToken stopping)
    {
        if (!await GrpcServerCall.StartStreamAsync(context)) return;
        var client = $"{context.Connection.RemoteIpAddress}:{context.Connection.RemotePort}";
        await new WatchStream(store, headers, options, time, logger, client).RunAsync(context, stopping);
    }

    private async Task RunAsync(HttpContext context, CancellationToken stopping)
    {
        var aborted = context.RequestAborted;
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(aborted, stopping);
        var writer = WriteAsync(context.Response, ending);
        GrpcStatus? status; // null: the client is gone, nothing more is sent
        try
        {
            await ReadRequestsAsync(context.Request.Body, ending.Token);
            status = new GrpcStatus(GrpcStatusCode.OK, "");
        }
        catch (Exception) when (aborted.IsCancellationRequested)
        {
            status = null;
        }
        catch (OperationCanceledException) when (ending.IsCancellationRequested)
        {
            status = stopping.IsCancellationRequested ? RpcErrors.Stopped : null; // else the writer found the response closed
        }
        catch (Exception e)
        {
            status = GrpcServerCall.StatusOf(e, Path, _logger);
        }

        await StopAllAsync();
        _queue.Complete();
        await writer;
        if (status is not { } final || aborted.IsCancellationRequested) return;
        EtcdApiLog.WatchStreamEnded(_logger, _client, final.Code, final.Message);
        GrpcServerCall.Finish(context.Response, final);
    }

    /// <summary>Runs the writer; when it stops early (the response is gone), ends the whole stream.</summary>
    private async Task WriteAsync(HttpResponse response, CancellationTokenSource ending)
    {
        try
        {
            await _queue.WriteAllAsync(response.BodyWriter, ending.Token);
        }
        catch (OperationCanceledException) when (ending.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // The response cannot be written any more (the connection broke).
        }
        finally
        {
            await ending.CancelAsync();
        }
    }

    private async Task ReadRequestsAsync(Stream body, CancellationToken ct)
    {
        while (await GrpcServerCall.ReadAsync(body, Pb.WatchRequest.Parser, ct) is { } request)
        {
            switch (request.RequestUnionCase)
            {
                case Pb.WatchRequest.RequestUnionOneofCase.CreateRequest:
                    await CreateAsync(request.CreateRequest, ct);
                    break;
                case Pb.WatchRequest.RequestUnionOneofCase.CancelRequest:
                    await CancelAsync(request.CancelRequest.WatchId, ct);
                    break;
                case Pb.WatchRequest.RequestUnionOneofCase.ProgressRequest:
                    await RequestProgressAsync(ct);
                    break;
                default:
                    break; // etcd ignores a request of no known kind and keeps the stream
            }
        }
    }

    private async Task CreateAsync(Pb.WatchCreateRequest create, CancellationToken ct)
    {
        var current = await StoreRevision.CurrentAsync(_store, ct);
        if (create.StartRevision < 0)
        {
            await SendAsync(CreateRefused(current, RpcErrors.Compacted.Message), ct);
            return;
        }
        // "From now" is pinned here, so that every write after the created response reaches the watch.
        var request = StoreRequests.Watch(create, create.StartRevision > 0 ? create.StartRevision : current + 1);
        long id;
        lock (_gate)
        {
            if (create.WatchId != 0)
            {
                id = _watches.ContainsKey(create.WatchId) ? -1 : create.WatchId;
            }
            else
            {
                while (_watches.ContainsKey(_nextId)) _nextId++;
                id = _nextId++;
            }
        }
        if (id == -1)
        {
            await SendAsync(CreateRefused(current, RpcErrors.DuplicateWatchId), ct);
            return;
        }

        var watch = new ServedWatch(id, _store.Watch(request), _queue, _store, _headers, _options.SlowWatcherTimeout, _client, _logger, Forget);
        await SendAsync(new Pb.WatchResponse { Header = _headers.At(current), WatchId = id, Created = true }, ct);
        lock (_gate) _watches[id] = watch;
        watch.Start();
    }

    private async Task CancelAsync(long id, CancellationToken ct)
    {
        ServedWatch? watch;
        lock (_gate) _watches.Remove(id, out watch);
        if (watch is null) return; // as etcd: cancelling an unknown (or already ended) watch is not answered
        var owned = await watch.StopAsync();
        watch.Dispose();
        if (!owned) return;
        var current = await StoreRevision.CurrentAsync(_store, ct);
        await SendAsync(new Pb.WatchResponse { Header = _headers.At(current), WatchId = id, Canceled = true }, ct);
    }

    private async Task RequestProgressAsync(CancellationToken ct)
    {
        ServedWatch[] watches;
        lock (_gate) watches = [.. _watches.Values];
        if (watches.Length == 0)
        {
            var current = await StoreRevision.CurrentAsync(_store, ct);
            await SendAsync(new Pb.WatchResponse { Header = _headers.At(current), WatchId = -1 }, ct);
            return;
        }
        foreach (var watch in watches) watch.RequestProgress();
    }

    private Pb.WatchResponse CreateRefused(long revision, string reason) =>
        new() { Header = _headers.At(revision), WatchId = -1, Created = true, Canceled = true, CancelReason = reason };

    /// <summary>Queues a control response, waiting for room: a client that does not read stops being read.</summary>
    private async Task SendAsync(Pb.WatchResponse response, CancellationToken ct) =>
        await _queue.EnqueueAsync(GrpcFraming.Encode(response), Timeout.InfiniteTimeSpan, ct);

    /// <summary>Called by a watch that ended on its own (its pump's last act).</summary>
    private void Forget(ServedWatch watch)
    {
        lock (_gate)
        {
            if (!_watches.TryGetValue(watch.Id, out var current) || current != watch) return; // being stopped by the stream
            _watches.Remove(watch.Id);
        }
        watch.Dispose();
    }

    private async Task StopAllAsync()
    {
        ServedWatch[] watches;
        lock (_gate)
        {
            watches = [.. _watches.Values];
            _watches.Clear();
        }
        await Task.WhenAll(watches.Select(w => w.StopAsync()));
        foreach (var watch in watches) watch.Dispose();
    }
}
