using Cluster.Store.Etcd.Grpc;

namespace Cluster.Store.EtcdApi;

/// <summary>
/// The statuses etcd answers its well-known errors with (<c>api/v3rpc/rpctypes/error.go</c>): code and exact message.
/// Clients recognise these errors by their message text (clientv3 looks the text up verbatim; our
/// <c>EtcdErrors</c> searches it), so the text must not change.
/// </summary>
internal static class RpcErrors
{
    public static readonly GrpcStatus EmptyKey = new(GrpcStatusCode.InvalidArgument, "etcdserver: key is not provided");
    public static readonly GrpcStatus TooManyOps = new(GrpcStatusCode.InvalidArgument, "etcdserver: too many operations in txn request");
    public static readonly GrpcStatus DuplicateKey = new(GrpcStatusCode.InvalidArgument, "etcdserver: duplicate key given in txn request");
    public static readonly GrpcStatus Compacted = new(GrpcStatusCode.OutOfRange, "etcdserver: mvcc: required revision has been compacted");
    public static readonly GrpcStatus FutureRevision = new(GrpcStatusCode.OutOfRange, "etcdserver: mvcc: required revision is a future revision");
    public static readonly GrpcStatus LeaseNotFound = new(GrpcStatusCode.NotFound, "etcdserver: requested lease not found");
    public static readonly GrpcStatus LeaseExists = new(GrpcStatusCode.FailedPrecondition, "etcdserver: lease already exists");
    public static readonly GrpcStatus LeaseTtlTooLarge = new(GrpcStatusCode.OutOfRange, "etcdserver: too large lease TTL");
    public static readonly GrpcStatus RequestTooLarge = new(GrpcStatusCode.InvalidArgument, "etcdserver: request is too large");
    public static readonly GrpcStatus Stopped = new(GrpcStatusCode.Unavailable, "etcdserver: server stopped");
    public static readonly GrpcStatus Timeout = new(GrpcStatusCode.Unavailable, "etcdserver: request timed out");

    /// <summary>The cancel reason etcd gives a watch created with a client-chosen id that is already in use.</summary>
    public const string DuplicateWatchId = "mvcc: duplicate watch ID provided on the WatchStream";
}
