using Cluster.Store.Etcd.Grpc;

namespace Cluster.Store.EtcdApi;

/// <summary>
/// Turns an exception from a store or from request handling into the gRPC status etcd would answer with: the inverse
/// of <c>Etcd/EtcdErrors</c>, so that <c>EtcdStore</c> raises the same exception type the store raised here.
/// </summary>
internal static class ErrorStatus
{
    /// <summary>
    /// The status for <paramref name="error"/>; null if it is not a store or protocol error but a bug (the caller logs
    /// it and answers <see cref="GrpcStatusCode.Unknown"/>).
    /// </summary>
    public static GrpcStatus? For(Exception error) => error switch
    {
        GrpcStatusException e => e.Status,
        CompactedException => RpcErrors.Compacted,
        FutureRevisionException => RpcErrors.FutureRevision,
        LeaseNotFoundException => RpcErrors.LeaseNotFound,
        RequestTooLargeException => RpcErrors.RequestTooLarge,
        InvalidStoreRequestException e => ForInvalid(e.Message),
        StoreUnavailableException e => new GrpcStatus(GrpcStatusCode.Unavailable, $"etcdserver: {e.Message}"),
        WatchCancelledException e => new GrpcStatus(GrpcStatusCode.Unavailable, $"etcdserver: {e.Message}"),
        StoreCorruptedException e => new GrpcStatus(GrpcStatusCode.DataLoss, $"etcdserver: corrupt store: {e.Message}"),
        StoreException e => new GrpcStatus(GrpcStatusCode.Unknown, $"etcdserver: {e.Message}"),
        _ => null,
    };

    /// <summary>
    /// The store names a malformed request in its message; etcd has a distinct status for several of them. The store's
    /// texts start with etcd's own, so the etcd text is recognised here and sent verbatim.
    /// </summary>
    private static GrpcStatus ForInvalid(string message)
    {
        if (Starts(message, "key is not provided")) return RpcErrors.EmptyKey;
        if (Starts(message, "too many operations in txn request")) return RpcErrors.TooManyOps;
        if (Starts(message, "duplicate key given in txn request")) return RpcErrors.DuplicateKey;
        if (Starts(message, "lease already exists")) return RpcErrors.LeaseExists;
        if (Starts(message, "too large lease TTL")) return RpcErrors.LeaseTtlTooLarge;
        return new GrpcStatus(GrpcStatusCode.InvalidArgument, $"etcdserver: {message}");
    }

    private static bool Starts(string message, string text) => message.StartsWith(text, StringComparison.Ordinal);
}
