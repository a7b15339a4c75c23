using System.Runtime.CompilerServices;
using Cluster.Store.Etcd.Grpc;
using Pb = Cluster.Store.Etcd.Protos;

namespace Cluster.Store.Etcd.Watching;

/// <summary>
/// <see cref="IStoreWatch"/> on etcd: one gRPC Watch stream per watch, re-opened when it breaks.
/// </summary>
/// <remarks>
/// The watch remembers the first revision the consumer has not seen (after the last delivered event, or after the
/// last progress notification). When the stream breaks for any reason but cancellation, it re-opens it on the next
/// endpoint, with backoff, from that revision, so the consumer sees neither a gap nor a duplicate; if that revision
/// has been compacted meanwhile, enumeration ends with <see cref="CompactedException"/>. After
/// <see cref="EtcdStoreOptions.WatchReconnectTimeout"/> without a stream it ends with
/// <see cref="WatchCancelledException"/>. Nothing is buffered beyond the stream's HTTP/2 flow-control window, so a
/// slow consumer only holds back its own stream.
/// </remarks>
internal sealed class EtcdWatch(EtcdConnection connection, WatchRequest request, CancellationToken storeClosing) : IStoreWatch
{
    private readonly Lock _gate = new(); // guards _session and _progressWanted, shared with RequestProgress callers
    private WatchSession? _session;
    private bool _progressWanted;
    private int _enumerated;

    // Touched only by the one enumerating flow.
    private long _next;                 // first revision the consumer has not been told about
    private long _lastEventRevision;    // revision of the last delivered event (or the one before the start)
    private int _endpoint;              // index of the endpoint the next stream goes to
    private bool _started;
    private bool _startGuessed;         // "from now" was pinned to the store's last seen revision; no event delivered yet
    private bool _connectedOnce;
    private DateTimeOffset? _brokenSince;

    public void RequestProgress()
    {
        WatchSession? session;
        lock (_gate)
        {
            _progressWanted = true;
            session = _session;
        }
        session?.RequestProgress();
    }

    public IAsyncEnumerator<WatchBatch> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _enumerated, 1) != 0)
            throw new InvalidOperationException("a store watch can be enumerated only once");
        return EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
    }

    private async IAsyncEnumerable<WatchBatch> EnumerateAsync([EnumeratorCancellation] CancellationToken ct)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, storeClosing);
        try
        {
            while (true)
            {
                WatchBatch batch;
                try
                {
                    batch = await NextAsync(linked.Token);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    yield break; // the consumer's cancellation ends the watch quietly
                }
                catch (Exception e) when (storeClosing.IsCancellationRequested && e is OperationCanceledException or StoreUnavailableException)
                {
                    throw new WatchCancelledException("the etcd store was closed", _next);
                }
                yield return batch;
            }
        }
        finally
        {
            await DropSessionAsync();
        }
    }

    private async Task<WatchBatch> NextAsync(CancellationToken ct)
    {
        if (!_started) await ChooseStartAsync(ct);
        while (true)
        {
            var session = _session ?? await ConnectAsync(ct);
            var step = await session.ReadAsync(ct);
            switch (step.Kind)
            {
                case WatchStepKind.Batch:
                    if (Accept(step.Batch!) is not { } batch) continue;
                    if (batch.Events.Count > 0) _startGuessed = false;
                    connection.Observe(batch.Revision);
                    return batch;
                case WatchStepKind.Compacted when _startGuessed:
                    // "From now" on a store that last saw a revision long ago: start at the oldest one etcd still has.
                    await DropSessionAsync();
                    _startGuessed = false;
                    _next = Math.Max(_next, step.CompactRevision);
                    _lastEventRevision = Math.Max(_lastEventRevision, _next - 1);
                    continue;
                case WatchStepKind.Compacted:
                    throw new CompactedException(step.CompactRevision);
                case WatchStepKind.Cancelled:
                    throw new WatchCancelledException(step.Reason, _next);
                default:
                    EtcdLog.WatchBroken(connection.Logger, session.Channel.Address, step.Reason, _next);
                    await DropSessionAsync();
                    _brokenSince ??= connection.Time.GetUtcNow();
                    _endpoint = (_endpoint + 1) % connection.EndpointCount;
                    continue;
            }
        }
    }

    /// <summary>
    /// Pins the start revision. "From now" is right after the newest revision the store has seen, decided here,
    /// synchronously in the first <c>MoveNextAsync</c>: a write the caller makes after that always gets a later
    /// revision, whereas etcd's own "now" (when the watcher is registered, after a round trip) may come after it.
    /// </summary>
    private async Task ChooseStartAsync(CancellationToken ct)
    {
        StoreLimits.RequireKey(request.Key);
        _endpoint = connection.Preferred;
        if (request.StartRevision > 0)
        {
            _next = request.StartRevision;
        }
        else if (connection.ObservedRevision is > 0 and var seen)
        {
            _next = seen + 1;
            _startGuessed = true;
        }
        else
        {
            _next = await CurrentRevisionAsync(ct) + 1;
        }
        _lastEventRevision = _next - 1;
        _started = true;
    }

    /// <summary>etcd's current revision (a linearizable read of one key).</summary>
    private async Task<long> CurrentRevisionAsync(CancellationToken ct)
    {
        var current = await connection.UnaryAsync(
            EtcdMethods.Range, new Pb.RangeRequest { Key = ToProto.Bytes(request.Key), CountOnly = true },
            RetryPolicy.Idempotent, ct);
        return connection.Observe(FromProto.Revision(current.Header));
    }

    private async Task<WatchSession> ConnectAsync(CancellationToken ct)
    {
        var backoff = new Backoff(connection.Options.MinRetryDelay, connection.Options.MaxRetryDelay);
        for (var attempt = 1; ; attempt++)
        {
            var channel = connection.Channel(_endpoint);
            try
            {
                var session = await WatchSession.OpenAsync(
                    channel, ToProto.WatchCreate(request, _next), connection.Options.RequestTimeout, connection.Logger, ct);
                lock (_gate)
                {
                    _session = session;
                    if (_progressWanted) session.RequestProgress();
                }
                if (_brokenSince is not null) EtcdLog.WatchResumed(connection.Logger, channel.Address, _next);
                _connectedOnce = true;
                _brokenSince = null;
                return session;
            }
            catch (GrpcStatusException e) when (e.Code is GrpcStatusCode.Unavailable or GrpcStatusCode.DeadlineExceeded)
            {
                connection.ThrowIfClosed();
                EtcdLog.WatchConnectFailed(connection.Logger, channel.Address, e.Detail);
                if (!_connectedOnce && attempt >= connection.EndpointCount)
                    throw new StoreUnavailableException($"cannot open a watch on any etcd endpoint: {e.Detail}", e);
                var outage = connection.Time.GetUtcNow() - (_brokenSince ?? connection.Time.GetUtcNow());
                if (outage > connection.Options.WatchReconnectTimeout)
                    throw new WatchCancelledException($"no etcd endpoint reachable for {outage.TotalSeconds:0}s: {e.Detail}", _next);
                _endpoint = (_endpoint + 1) % connection.EndpointCount;
                if (attempt % connection.EndpointCount == 0) await Task.Delay(backoff.Next(), connection.Time, ct);
            }
            catch (GrpcStatusException e)
            {
                if (!_connectedOnce) throw EtcdErrors.ToStoreException(e);
                throw new WatchCancelledException($"etcd refused to resume the watch: {e.Detail}", _next);
            }
        }
    }

    /// <summary>Advances the resume point past <paramref name="batch"/>; drops events already delivered.</summary>
    private WatchBatch? Accept(WatchBatch batch)
    {
        if (batch.IsProgressNotify)
        {
            // A promise: every event up to the revision has been delivered. Never let it go backwards.
            var revision = Math.Max(batch.Revision, _next - 1);
            _next = revision + 1;
            lock (_gate) _progressWanted = false;
            return revision == batch.Revision ? batch : batch with { Revision = revision };
        }

        var events = batch.Events;
        if (events[0].Kv.ModRevision <= _lastEventRevision)
        {
            events = [.. events.Where(e => e.Kv.ModRevision > _lastEventRevision)];
            if (events.Count == 0) return null;
            batch = batch with { Events = events };
        }
        var first = events[0].Kv.ModRevision;
        if (first < _next)
            EtcdLog.ProgressPromiseBroken(connection.Logger, first, _next - 1); // etcd releases without the fix for etcd-io/etcd#15220 can answer a progress request early
        _lastEventRevision = events[^1].Kv.ModRevision;
        _next = Math.Max(_next, _lastEventRevision + 1);
        return batch;
    }

    private async Task DropSessionAsync()
    {
        WatchSession? session;
        lock (_gate)
        {
            session = _session;
            _session = null;
        }
        if (session is not null) await session.DisposeAsync();
    }
}
