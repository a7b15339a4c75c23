using System.Net;
using Cluster.Store.Etcd;
using Cluster.Store.Etcd.Grpc;
using Cluster.TestKit;
using Google.Protobuf;
using Pb = Cluster.Store.Etcd.Protos;

namespace Cluster.Store.Tests.EtcdApi;

/// <summary>The gRPC protocol as the server speaks it: statuses, framing errors, unsupported requests, headers.</summary>
public sealed class EtcdApiProtocolTests(EtcdApiFixture fixture) : IClassFixture<EtcdApiFixture>, IDisposable
{
    private readonly string _prefix = $"/protocol/{Guid.NewGuid():N}/";
    private readonly RawGrpcClient _client = new(fixture.Address);

    public void Dispose() => _client.Dispose();

    private ByteString K(string name) => ByteString.CopyFromUtf8(_prefix + name);

    private Task<Pb.RangeResponse> GetAsync(string name) => _client.CallAsync(EtcdMethods.Range, new Pb.RangeRequest { Key = K(name) });

    [Fact]
    public async Task An_unknown_method_is_answered_with_unimplemented()
    {
        var status = new GrpcMethod<Pb.RangeRequest, Pb.RangeResponse>("/etcdserverpb.Maintenance/Status", Pb.RangeResponse.Parser);

        var e = await Assert.ThrowsAsync<GrpcStatusException>(() => _client.CallAsync(status, new Pb.RangeRequest()));

        Assert.Equal(GrpcStatusCode.Unimplemented, e.Code);
    }

    /// <remarks>Codes are ints: the status enum is internal to the store assembly.</remarks>
    public static TheoryData<string, byte[], int> MalformedBodies => new()
    {
        { "no message", [], (int)GrpcStatusCode.Internal },
        { "truncated header", [0, 0, 0], (int)GrpcStatusCode.Internal },
        { "truncated message", [0, 0, 0, 0, 10, 1, 2], (int)GrpcStatusCode.Internal },
        { "not a protobuf message", [0, 0, 0, 0, 2, 0xff, 0xff], (int)GrpcStatusCode.Internal },
        { "compressed message", [1, 0, 0, 0, 1, 0], (int)GrpcStatusCode.Internal },
        { "declared length beyond the request limit", [0, 0x7f, 0xff, 0xff, 0xff], (int)GrpcStatusCode.ResourceExhausted },
        { "two messages for a unary method", [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], (int)GrpcStatusCode.Internal },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task A_malformed_request_gets_a_grpc_error_and_the_server_keeps_serving(string what, byte[] body, int expected)
    {
        using var response = await _client.PostAsync("/etcdserverpb.KV/Range", body);
        await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(GrpcFraming.MediaType, response.Content.Headers.ContentType?.MediaType);
        var status = GrpcStatus.From(response);
        Assert.True(status is not null, what);
        Assert.Equal((GrpcStatusCode)expected, status.Value.Code);
        Assert.NotNull(await GetAsync("after"));
    }

    [Fact]
    public async Task A_request_that_is_not_grpc_is_refused()
    {
        using var response = await _client.PostAsync("/etcdserverpb.KV/Range", [], "application/json");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Theory]
    [InlineData("RangeRequest.sort_order")]
    [InlineData("RangeRequest.sort_target")]
    [InlineData("RangeRequest.min_mod_revision")]
    [InlineData("RangeRequest.max_mod_revision")]
    [InlineData("RangeRequest.min_create_revision")]
    [InlineData("RangeRequest.max_create_revision")]
    [InlineData("PutRequest.ignore_value")]
    [InlineData("PutRequest.ignore_lease")]
    [InlineData("RequestOp.request_txn")]
    public async Task An_unsupported_request_field_is_refused_with_invalid_argument_naming_it(string field)
    {
        Task call = field switch
        {
            "RangeRequest.sort_order" => Range(r => r.SortOrder = Pb.RangeRequest.Types.SortOrder.Descend),
            "RangeRequest.sort_target" => Range(r => r.SortTarget = Pb.RangeRequest.Types.SortTarget.Mod),
            "RangeRequest.min_mod_revision" => Range(r => r.MinModRevision = 1),
            "RangeRequest.max_mod_revision" => Range(r => r.MaxModRevision = 1),
            "RangeRequest.min_create_revision" => Range(r => r.MinCreateRevision = 1),
            "RangeRequest.max_create_revision" => InTxn(r => r.MaxCreateRevision = 1),
            "PutRequest.ignore_value" => _client.CallAsync(EtcdMethods.Put, new Pb.PutRequest { Key = K("a"), IgnoreValue = true }),
            "PutRequest.ignore_lease" => _client.CallAsync(EtcdMethods.Put, new Pb.PutRequest { Key = K("a"), IgnoreLease = true }),
            _ => _client.CallAsync(EtcdMethods.Txn, new Pb.TxnRequest { Success = { new Pb.RequestOp { RequestTxn = new Pb.TxnRequest() } } }),
        };

        var e = await Assert.ThrowsAsync<GrpcStatusException>(() => call);

        Assert.Equal(GrpcStatusCode.InvalidArgument, e.Code);
        Assert.Contains(field, e.Detail, StringComparison.Ordinal);
        Assert.Empty((await GetAsync("a")).Kvs);
    }

    [Fact]
    public async Task Ascending_key_order_is_served_as_the_default_order()
    {
        await fixture.Store.PutAsync(new PutRequest((_prefix + "b").B(), "1".B()));
        await fixture.Store.PutAsync(new PutRequest((_prefix + "a").B(), "1".B()));

        var response = await Range(r =>
        {
            r.RangeEnd = ByteString.CopyFrom(KeyRange.PrefixEnd(r.Key.Span));
            r.SortOrder = Pb.RangeRequest.Types.SortOrder.Ascend;
            r.Serializable = true;
        }, key: "");

        Assert.Equal([_prefix + "a", _prefix + "b"], response.Kvs.Select(kv => kv.Key.ToStringUtf8()));
    }

    /// <summary>Store errors, with the exact code and message etcd sends, and what the etcd engine makes of them.</summary>
    public static TheoryData<string, int, string, Type> StoreErrors => new()
    {
        { "range at a compacted revision", (int)GrpcStatusCode.OutOfRange, "etcdserver: mvcc: required revision has been compacted", typeof(CompactedException) },
        { "range at a future revision", (int)GrpcStatusCode.OutOfRange, "etcdserver: mvcc: required revision is a future revision", typeof(FutureRevisionException) },
        { "put with an empty key", (int)GrpcStatusCode.InvalidArgument, "etcdserver: key is not provided", typeof(InvalidStoreRequestException) },
        { "put of 1.6 MiB", (int)GrpcStatusCode.InvalidArgument, "etcdserver: request is too large", typeof(RequestTooLargeException) },
        { "put of 2.5 MiB", (int)GrpcStatusCode.ResourceExhausted, "received message larger than max", typeof(RequestTooLargeException) },
        { "put with an unknown lease", (int)GrpcStatusCode.NotFound, "etcdserver: requested lease not found", typeof(LeaseNotFoundException) },
        { "txn writing a key twice", (int)GrpcStatusCode.InvalidArgument, "etcdserver: duplicate key given in txn request", typeof(InvalidStoreRequestException) },
        { "txn with 129 operations", (int)GrpcStatusCode.InvalidArgument, "etcdserver: too many operations in txn request", typeof(InvalidStoreRequestException) },
        { "revoke of an unknown lease", (int)GrpcStatusCode.NotFound, "etcdserver: requested lease not found", typeof(LeaseNotFoundException) },
        { "grant of an existing lease id", (int)GrpcStatusCode.FailedPrecondition, "etcdserver: lease already exists", typeof(InvalidStoreRequestException) },
        { "grant of a too large TTL", (int)GrpcStatusCode.OutOfRange, "etcdserver: too large lease TTL", typeof(InvalidStoreRequestException) },
    };

    [Theory]
    [MemberData(nameof(StoreErrors))]
    public async Task A_store_error_is_answered_with_etcds_status_and_maps_back_to_the_same_exception(
        string what, int code, string message, Type exception)
    {
        var e = await Assert.ThrowsAsync<GrpcStatusException>(() => FailAsync(what));

        Assert.Equal((GrpcStatusCode)code, e.Code);
        if (e.Code == GrpcStatusCode.ResourceExhausted) Assert.Contains(message, e.Detail, StringComparison.Ordinal);
        else Assert.Equal(message, e.Detail);
        Assert.IsType(exception, EtcdErrors.ToStoreException(e));
    }

    [Fact]
    public async Task Every_response_header_carries_the_store_revision_and_the_server_ids()
    {
        var put = await _client.CallAsync(EtcdMethods.Put, new Pb.PutRequest { Key = K("a"), Value = ByteString.CopyFromUtf8("1") });
        var range = await GetAsync("a");
        var grant = await _client.CallAsync(EtcdMethods.LeaseGrant, new Pb.LeaseGrantRequest { TTL = 60 });
        var ttl = await _client.CallAsync(EtcdMethods.LeaseTimeToLive, new Pb.LeaseTimeToLiveRequest { ID = grant.ID });

        Assert.Equal(put.Header.Revision, range.Kvs[0].ModRevision);
        foreach (var header in new[] { put.Header, range.Header, grant.Header, ttl.Header })
        {
            Assert.Equal(fixture.Options.ClusterId, header.ClusterId);
            Assert.Equal(fixture.Options.MemberId, header.MemberId);
            Assert.True(header.Revision >= put.Header.Revision);
        }
        Assert.Equal(60, ttl.GrantedTTL);
    }

    [Fact]
    public async Task Time_to_live_of_an_unknown_lease_is_minus_one()
    {
        var ttl = await _client.CallAsync(EtcdMethods.LeaseTimeToLive, new Pb.LeaseTimeToLiveRequest { ID = 0x4242_0001 });

        Assert.Equal(-1, ttl.TTL);
        Assert.Equal(0x4242_0001, ttl.ID);
    }

    private Task<Pb.RangeResponse> Range(Action<Pb.RangeRequest> change, string key = "a")
    {
        var request = new Pb.RangeRequest { Key = K(key) };
        change(request);
        return _client.CallAsync(EtcdMethods.Range, request);
    }

    private Task<Pb.TxnResponse> InTxn(Action<Pb.RangeRequest> change)
    {
        var range = new Pb.RangeRequest { Key = K("a") };
        change(range);
        return _client.CallAsync(EtcdMethods.Txn, new Pb.TxnRequest { Success = { new Pb.RequestOp { RequestRange = range } } });
    }

    private async Task FailAsync(string what)
    {
        Pb.PutRequest Put(string name, int size = 1, long lease = 0) =>
            new() { Key = K(name), Value = ByteString.CopyFrom(new byte[size]), Lease = lease };
        Pb.RequestOp Op(Pb.PutRequest put) => new() { RequestPut = put };

        switch (what)
        {
            case "range at a compacted revision":
                var first = (await _client.CallAsync(EtcdMethods.Put, Put("c"))).Header.Revision;
                var second = (await _client.CallAsync(EtcdMethods.Put, Put("c"))).Header.Revision;
                await _client.CallAsync(EtcdMethods.Compact, new Pb.CompactionRequest { Revision = second });
                await _client.CallAsync(EtcdMethods.Range, new Pb.RangeRequest { Key = K("c"), Revision = first });
                break;
            case "range at a future revision":
                await _client.CallAsync(EtcdMethods.Range, new Pb.RangeRequest { Key = K("c"), Revision = long.MaxValue / 2 });
                break;
            case "put with an empty key":
                await _client.CallAsync(EtcdMethods.Put, new Pb.PutRequest());
                break;
            case "put of 1.6 MiB":
                await _client.CallAsync(EtcdMethods.Put, Put("big", 1_600_000 + 80_000));
                break;
            case "put of 2.5 MiB":
                await _client.CallAsync(EtcdMethods.Put, Put("big", 2_500_000));
                break;
            case "put with an unknown lease":
                await _client.CallAsync(EtcdMethods.Put, Put("l", lease: 0x7777_0001));
                break;
            case "txn writing a key twice":
                await _client.CallAsync(EtcdMethods.Txn, new Pb.TxnRequest { Success = { Op(Put("d")), Op(Put("d")) } });
                break;
            case "txn with 129 operations":
                var txn = new Pb.TxnRequest();
                for (var i = 0; i <= StoreLimits.MaxTxnOps; i++) txn.Success.Add(Op(Put($"t{i}")));
                await _client.CallAsync(EtcdMethods.Txn, txn);
                break;
            case "revoke of an unknown lease":
                await _client.CallAsync(EtcdMethods.LeaseRevoke, new Pb.LeaseRevokeRequest { ID = 0x7777_0002 });
                break;
            case "grant of an existing lease id":
                var id = Random.Shared.NextInt64(1, long.MaxValue);
                await _client.CallAsync(EtcdMethods.LeaseGrant, new Pb.LeaseGrantRequest { ID = id, TTL = 60 });
                await _client.CallAsync(EtcdMethods.LeaseGrant, new Pb.LeaseGrantRequest { ID = id, TTL = 60 });
                break;
            case "grant of a too large TTL":
                await _client.CallAsync(EtcdMethods.LeaseGrant, new Pb.LeaseGrantRequest { TTL = StoreLimits.MaxLeaseTtlSeconds + 1 });
                break;
            default:
                throw new ArgumentException($"no such case: {what}", nameof(what));
        }
    }
}
