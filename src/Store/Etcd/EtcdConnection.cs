using Cluster.Store.Etcd.Grpc;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace Cluster.Store.Etcd;

/// <summary>
/// The engine's link to an etcd cluster: one HTTP/2 client, one <see cref="GrpcChannel"/> per endpoint, and the
/// failover rule. A call starts at the preferred endpoint; when that one cannot be reached, the call moves on to the
/// next endpoint (within the limits of its <see cref="RetryPolicy"/>) and the one that answered becomes preferred.
/// Thread-safe.
/// </summary>
internal sealed class EtcdConnection : IDisposable
{
    private readonly HttpClient _http;
    private readonly GrpcChannel[] _channels;
    private int _preferred; // index of the endpoint calls start at; read and written atomically
    private int _closed;    // 1 once disposed
    private long _observedRevision; // newest store revision any response has shown; only ever raised (CAS)

    public EtcdConnection(EtcdStoreOptions options, ILogger logger, TimeProvider time)
    {
        options.Validate();
        Options = options;
        Logger = logger;
        Time = time;
        _http = EtcdHttpClient.Create(options);
        _channels = [.. options.Endpoints.Select(e => new GrpcChannel(_http, e, time))];
    }

    public EtcdStoreOptions Options { get; }

    public ILogger Logger { get; }

    public TimeProvider Time { get; }

    public int EndpointCount => _channels.Length;

    /// <summary>The endpoint new calls start at.</summary>
    public int Preferred => Volatile.Read(ref _preferred);

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>The newest store revision seen in any response through this connection (0: none yet).</summary>
    public long ObservedRevision => Volatile.Read(ref _observedRevision);

    /// <summary>Records that the store has reached <paramref name="revision"/>.</summary>
    public long Observe(long revision)
    {
        var current = Volatile.Read(ref _observedRevision);
        while (revision > current)
        {
            var seen = Interlocked.CompareExchange(ref _observedRevision, revision, current);
            if (seen == current) break;
            current = seen;
        }
        return revision;
    }

    public GrpcChannel Channel(int index) => _channels[index % _channels.Length];

    /// <summary>Makes <paramref name="index"/> the endpoint new calls start at (it just answered).</summary>
    public void Prefer(int index) => Volatile.Write(ref _preferred, index % _channels.Length);

    /// <summary>A unary call with failover; etcd errors come out as <see cref="StoreException"/>s.</summary>
    public Task<TResponse> UnaryAsync<TRequest, TResponse>(
        GrpcMethod<TRequest, TResponse> method, TRequest request, RetryPolicy policy, CancellationToken ct,
        ErrorContext context = default)
        where TRequest : IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        InvokeAsync((channel, token) => channel.UnaryAsync(method, request, Options.RequestTimeout, token), policy, context, ct);

    /// <summary>
    /// Runs <paramref name="call"/> against the preferred endpoint, then the others in turn while the failure allows it.
    /// </summary>
    /// <exception cref="StoreUnavailableException">No endpoint could serve the call, or the store is closed.</exception>
    /// <exception cref="StoreException">etcd refused the call (mapped by <see cref="EtcdErrors"/>).</exception>
    public async Task<T> InvokeAsync<T>(
        Func<GrpcChannel, CancellationToken, Task<T>> call, RetryPolicy policy, ErrorContext context, CancellationToken ct)
    {
        ThrowIfClosed();
        var start = Preferred;
        GrpcStatusException? last = null;
        for (var attempt = 0; attempt < _channels.Length; attempt++)
        {
            var index = (start + attempt) % _channels.Length;
            var channel = _channels[index];
            try
            {
                var result = await call(channel, ct);
                if (attempt > 0) Prefer(index);
                return result;
            }
            catch (GrpcStatusException e) when (CanFailOver(e, policy))
            {
                ThrowIfClosed();
                last = e;
                if (attempt + 1 < _channels.Length)
                    EtcdLog.EndpointFailed(Logger, channel.Address, e.Detail, Channel(index + 1).Address);
            }
            catch (GrpcStatusException e)
            {
                ThrowIfClosed();
                throw EtcdErrors.ToStoreException(e, context);
            }
            catch (ObjectDisposedException e) when (IsClosed)
            {
                throw Closed(e);
            }
        }
        var detail = last?.Detail ?? "no endpoint";
        throw new StoreUnavailableException(_channels.Length == 1
            ? $"etcd is unreachable: {detail}"
            : $"no etcd endpoint is reachable ({string.Join(", ", _channels.Select(c => c.Address))}); last error: {detail}", last);
    }

    public void ThrowIfClosed()
    {
        if (IsClosed) throw Closed(null);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        _http.Dispose();
    }

    private static StoreUnavailableException Closed(Exception? inner) => new("the etcd store is closed", inner);

    private static bool CanFailOver(GrpcStatusException e, RetryPolicy policy) =>
        e.RequestNotSent
        || (policy == RetryPolicy.Idempotent && e.Code is GrpcStatusCode.Unavailable or GrpcStatusCode.DeadlineExceeded);
}
