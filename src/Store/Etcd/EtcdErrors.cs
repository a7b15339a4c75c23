using Cluster.Store.Etcd.Grpc;

namespace Cluster.Store.Etcd;

/// <summary>
/// Turns an etcd gRPC error into the store's exception. etcd identifies its errors by message text
/// (<c>api/v3rpc/rpctypes</c>), so the message decides first and the status code second.
/// </summary>
internal static class EtcdErrors
{
    private const string Prefix = "etcdserver: ";

    public static StoreException ToStoreException(GrpcStatusException e, ErrorContext context = default)
    {
        var message = e.Detail;
        if (Says(message, "required revision has been compacted")) return new CompactedException(0);
        if (Says(message, "required revision is a future revision")) return new FutureRevisionException(context.Revision, 0);
        if (Says(message, "requested lease not found")) return new LeaseNotFoundException(context.LeaseId);
        if (Says(message, "request is too large")) return TooLarge(context);

        var text = message.StartsWith(Prefix, StringComparison.Ordinal) ? message[Prefix.Length..] : message;
        return e.Code switch
        {
            GrpcStatusCode.ResourceExhausted when Says(message, "database space exceeded") || Says(message, "too many requests") =>
                new StoreUnavailableException($"etcd cannot take writes: {text}", e),
            // grpc-go's "received message larger than max" for requests beyond etcd's receive limit.
            GrpcStatusCode.ResourceExhausted => TooLarge(context),
            GrpcStatusCode.InvalidArgument => new InvalidStoreRequestException(text),
            GrpcStatusCode.OutOfRange => new InvalidStoreRequestException(text), // "too large lease TTL"
            GrpcStatusCode.FailedPrecondition when Says(message, "lease already exists") => new InvalidStoreRequestException(text),
            GrpcStatusCode.DeadlineExceeded => new StoreUnavailableException($"etcd did not answer in time: {text}", e),
            GrpcStatusCode.Unavailable => new StoreUnavailableException($"etcd is unavailable: {text}", e),
            _ => new StoreUnavailableException($"etcd failed the request ({e.Code}): {text}", e),
        };
    }

    private static RequestTooLargeException TooLarge(ErrorContext context) =>
        new(context.RequestSize, StoreLimits.MaxRequestBytes);

    private static bool Says(string message, string text) => message.Contains(text, StringComparison.Ordinal);
}
