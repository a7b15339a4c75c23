using Cluster.Store.Etcd.Grpc;
using Cluster.Store.Etcd;

namespace Cluster.Store.Tests.Etcd;

/// <summary>etcd's gRPC errors (rpctypes) become the store's exceptions.</summary>
public sealed class EtcdErrorMappingTests
{
    public sealed record Case(int Code, string Message, Type Expected)
    {
        public override string ToString() => $"{(GrpcStatusCode)Code} '{Message}' -> {Expected.Name}";
    }

    public static TheoryData<Case> Cases => new()
    {
        new((int)GrpcStatusCode.OutOfRange, "etcdserver: mvcc: required revision has been compacted", typeof(CompactedException)),
        new((int)GrpcStatusCode.OutOfRange, "etcdserver: mvcc: required revision is a future revision", typeof(FutureRevisionException)),
        new((int)GrpcStatusCode.InvalidArgument, "etcdserver: request is too large", typeof(RequestTooLargeException)),
        new((int)GrpcStatusCode.ResourceExhausted, "grpc: received message larger than max (2097153 vs. 2097152)", typeof(RequestTooLargeException)),
        new((int)GrpcStatusCode.NotFound, "etcdserver: requested lease not found", typeof(LeaseNotFoundException)),
        new((int)GrpcStatusCode.InvalidArgument, "etcdserver: duplicate key given in txn request", typeof(InvalidStoreRequestException)),
        new((int)GrpcStatusCode.InvalidArgument, "etcdserver: key is not provided", typeof(InvalidStoreRequestException)),
        new((int)GrpcStatusCode.InvalidArgument, "etcdserver: too many operations in txn request", typeof(InvalidStoreRequestException)),
        new((int)GrpcStatusCode.OutOfRange, "etcdserver: too large lease TTL", typeof(InvalidStoreRequestException)),
        new((int)GrpcStatusCode.FailedPrecondition, "etcdserver: lease already exists", typeof(InvalidStoreRequestException)),
        new((int)GrpcStatusCode.ResourceExhausted, "etcdserver: mvcc: database space exceeded", typeof(StoreUnavailableException)),
        new((int)GrpcStatusCode.ResourceExhausted, "etcdserver: too many requests", typeof(StoreUnavailableException)),
        new((int)GrpcStatusCode.Unavailable, "etcdserver: no leader", typeof(StoreUnavailableException)),
        new((int)GrpcStatusCode.Unavailable, "connection refused", typeof(StoreUnavailableException)),
        new((int)GrpcStatusCode.DeadlineExceeded, "context deadline exceeded", typeof(StoreUnavailableException)),
        new((int)GrpcStatusCode.PermissionDenied, "etcdserver: permission denied", typeof(StoreUnavailableException)),
        new((int)GrpcStatusCode.Unknown, "something new", typeof(StoreUnavailableException)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Etcd_error_maps_to_store_exception(Case c)
    {
        var e = EtcdErrors.ToStoreException(new GrpcStatusException((GrpcStatusCode)c.Code, c.Message), new ErrorContext(LeaseId: 7, Revision: 9, RequestSize: 11));
        Assert.IsType(c.Expected, e);
    }

    [Fact]
    public void Mapped_exceptions_carry_what_the_call_was_about()
    {
        var lease = Assert.IsType<LeaseNotFoundException>(EtcdErrors.ToStoreException(
            new GrpcStatusException(GrpcStatusCode.NotFound, "etcdserver: requested lease not found"), new ErrorContext(LeaseId: 0x1234)));
        Assert.Equal(0x1234, lease.LeaseId);

        var future = Assert.IsType<FutureRevisionException>(EtcdErrors.ToStoreException(
            new GrpcStatusException(GrpcStatusCode.OutOfRange, "etcdserver: mvcc: required revision is a future revision"), new ErrorContext(Revision: 99)));
        Assert.Equal(99, future.Requested);

        var invalid = Assert.IsType<InvalidStoreRequestException>(EtcdErrors.ToStoreException(
            new GrpcStatusException(GrpcStatusCode.InvalidArgument, "etcdserver: key is not provided")));
        Assert.Equal("key is not provided", invalid.Message);
    }

    [Fact]
    public void Status_is_read_from_headers_with_a_percent_encoded_message()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("grpc-status", "11");
        response.Headers.TryAddWithoutValidation("grpc-message", "etcdserver: mvcc: required revision has been compacted %E2%9C%93");

        var status = GrpcStatus.From(response);

        Assert.Equal(new GrpcStatus(GrpcStatusCode.OutOfRange, "etcdserver: mvcc: required revision has been compacted \u2713"), status);
    }

    [Fact]
    public void Trailers_take_precedence_over_headers()
    {
        using var response = new HttpResponseMessage();
        response.TrailingHeaders.TryAddWithoutValidation("grpc-status", "0");

        Assert.Equal(GrpcStatusCode.OK, GrpcStatus.From(response)?.Code);
    }
}
