using Cluster.Store.Etcd.Watching;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pb = Cluster.Store.Etcd.Protos;

namespace Cluster.Store.Etcd;

/// <summary>
/// The etcd engine: <see cref="IKeyValueStore"/> on a real etcd 3.4+ cluster, spoken to with etcd's v3 gRPC API.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Revisions, linearizable reads, durability and txn atomicity are etcd's own; the engine maps requests and
/// results one to one and etcd's errors to the store's exceptions.</item>
/// <item>Requests are checked with <see cref="StoreLimits"/> before they are sent, as the embedded engine does.</item>
/// <item>With several endpoints, a call that cannot reach one moves to the next. Reads move on any unavailability;
/// writes only if they cannot have reached the server, so a write is never applied twice by the engine.</item>
/// <item>Each watch is its own gRPC stream; a stream that breaks is re-opened (on the next endpoint, with backoff) from
/// the first undelivered revision, so the consumer sees neither a gap nor a duplicate.</item>
/// <item>A watch with <see cref="WatchRequest.StartRevision"/> 0 starts right after the newest revision this store
/// has seen in any response (at etcd's current revision if it has seen none; at the oldest one etcd still has if that
/// one is compacted). So it never misses a write this store makes after the watch is first enumerated, as with the
/// embedded engine; etcd's own "now" (when the watcher is registered, a round trip later) could miss it.</item>
/// <item>A write whose connection breaks after it was sent fails with <see cref="StoreUnavailableException"/>, and
/// etcd may still have applied it: the outcome is unknown, as with any remote store.</item>
/// </list>
/// Thread-safe. <see cref="Connect"/> does not contact etcd; the first call does.
/// </remarks>
public sealed class EtcdStore : IKeyValueStore
{
    private readonly EtcdConnection _connection;
    private readonly CancellationTokenSource _closing = new();

    private EtcdStore(EtcdConnection connection)
    {
        _connection = connection;
        Leases = new EtcdLeases(connection);
    }

    /// <summary>Creates a store on the etcd cluster at <see cref="EtcdStoreOptions.Endpoints"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static EtcdStore Connect(EtcdStoreOptions options, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new EtcdStore(new EtcdConnection(options, logger ?? NullLogger.Instance, timeProvider ?? TimeProvider.System));
    }

    public ILeases Leases { get; }

    public async ValueTask<RangeResult> RangeAsync(RangeRequest request, CancellationToken ct = default)
    {
        StoreLimits.RequireKey(request.Key);
        var message = ToProto.Range(request);
        try
        {
            var response = await _connection.UnaryAsync(
                EtcdMethods.Range, message, RetryPolicy.Idempotent, ct, new ErrorContext(Revision: request.Revision));
            return FromProto.Range(response, Seen(response.Header));
        }
        catch (FutureRevisionException e)
        {
            throw new FutureRevisionException(e.Requested, await CurrentRevisionAsync(ct));
        }
    }

    public async ValueTask<PutResult> PutAsync(PutRequest request, CancellationToken ct = default)
    {
        StoreLimits.Check(request);
        var message = ToProto.Put(request);
        var response = await _connection.UnaryAsync(
            EtcdMethods.Put, message, RetryPolicy.OnlyIfNotSent, ct,
            new ErrorContext(LeaseId: request.Lease, RequestSize: message.CalculateSize()));
        return FromProto.Put(response, Seen(response.Header));
    }

    public async ValueTask<DeleteRangeResult> DeleteRangeAsync(DeleteRangeRequest request, CancellationToken ct = default)
    {
        StoreLimits.RequireKey(request.Key);
        var message = ToProto.DeleteRange(request);
        var response = await _connection.UnaryAsync(EtcdMethods.DeleteRange, message, RetryPolicy.OnlyIfNotSent, ct);
        return FromProto.DeleteRange(response, Seen(response.Header));
    }

    public async ValueTask<TxnResult> TxnAsync(TxnRequest request, CancellationToken ct = default)
    {
        StoreLimits.Check(request);
        var message = ToProto.Txn(request);
        var lease = request.Success.Concat(request.Failure).OfType<PutRequest>().FirstOrDefault(p => p.Lease != 0)?.Lease ?? 0;
        var response = await _connection.UnaryAsync(
            EtcdMethods.Txn, message, RetryPolicy.OnlyIfNotSent, ct,
            new ErrorContext(LeaseId: lease, RequestSize: message.CalculateSize()));
        var result = FromProto.Txn(response);
        _connection.Observe(result.Revision);
        return result;
    }

    public IStoreWatch Watch(WatchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new EtcdWatch(_connection, request, _closing.Token);
    }

    public async ValueTask<long> CompactAsync(long revision, CancellationToken ct = default)
    {
        try
        {
            var response = await _connection.UnaryAsync(
                EtcdMethods.Compact, new Pb.CompactionRequest { Revision = revision }, RetryPolicy.OnlyIfNotSent, ct,
                new ErrorContext(Revision: revision));
            return Seen(response.Header);
        }
        catch (FutureRevisionException e)
        {
            throw new FutureRevisionException(e.Requested, await CurrentRevisionAsync(ct));
        }
    }

    /// <summary>Ends every watch (with <see cref="WatchCancelledException"/>) and closes the connections.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_connection.IsClosed) return;
        await _closing.CancelAsync(); // not disposed: watches created later still link to its token
        _connection.Dispose();
    }

    private long Seen(Pb.ResponseHeader? header) => _connection.Observe(FromProto.Revision(header));

    /// <summary>The current revision, for error messages; 0 if etcd cannot say.</summary>
    private async Task<long> CurrentRevisionAsync(CancellationToken ct)
    {
        try
        {
            var response = await _connection.UnaryAsync(
                EtcdMethods.Range, new Pb.RangeRequest { Key = ToProto.Bytes("\0"u8.ToArray()), CountOnly = true },
                RetryPolicy.Idempotent, ct);
            return FromProto.Revision(response.Header);
        }
        catch (StoreException)
        {
            return 0;
        }
    }
}
