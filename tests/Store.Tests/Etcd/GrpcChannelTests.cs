using Cluster.Store.Etcd.Grpc;
using Cluster.Store.Etcd;
using Google.Protobuf;
using Pb = Cluster.Store.Etcd.Protos;

namespace Cluster.Store.Tests.Etcd;

/// <summary>The gRPC call layer over HttpClient, against an in-process HTTP/2 server.</summary>
public sealed class GrpcChannelTests : IAsyncLifetime
{
    private GrpcTestServer _server = null!;
    private HttpClient _http = null!;
    private GrpcChannel _channel = null!;

    public async Task InitializeAsync()
    {
        _server = await GrpcTestServer.StartAsync();
        _http = EtcdHttpClient.Create(new EtcdStoreOptions { Endpoints = [_server.Address] });
        _channel = new GrpcChannel(_http, _server.Address, TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private static GrpcMethod<Pb.KeyValue, Pb.KeyValue> Method(string name) => new($"/test.Echo/{name}", Pb.KeyValue.Parser);

    private static Pb.KeyValue Kv(string key) => new() { Key = ByteString.CopyFromUtf8(key), Version = 3 };

    [Fact]
    public async Task Unary_call_round_trips_a_message_and_sends_its_deadline()
    {
        var reply = await _channel.UnaryAsync(Method("Unary"), Kv("/a"), TimeSpan.FromSeconds(7), CancellationToken.None);

        Assert.Equal(Kv("/a"), reply);
        Assert.Equal("7000m", _server.LastTimeout);
    }

    [Fact]
    public async Task Trailers_only_response_carries_the_status_in_headers()
    {
        var e = await Assert.ThrowsAsync<GrpcStatusException>(() =>
            _channel.UnaryAsync(Method("TrailersOnly"), Kv("/a"), TimeSpan.FromSeconds(5), CancellationToken.None));

        Assert.Equal(GrpcStatusCode.FailedPrecondition, e.Code);
        Assert.Equal("etcdserver: lease already exists", e.Detail);
    }

    [Fact]
    public async Task Error_status_in_trailers_is_raised_and_maps_to_a_store_exception()
    {
        var e = await Assert.ThrowsAsync<GrpcStatusException>(() =>
            _channel.UnaryAsync(Method("ErrorTrailer"), Kv("/a"), TimeSpan.FromSeconds(5), CancellationToken.None));

        Assert.Equal(GrpcStatusCode.OutOfRange, e.Code);
        Assert.IsType<Cluster.Store.Errors.CompactedException>(EtcdErrors.ToStoreException(e));
    }

    [Fact]
    public async Task Http_error_status_maps_to_unavailable()
    {
        var e = await Assert.ThrowsAsync<GrpcStatusException>(() =>
            _channel.UnaryAsync(Method("Unavailable"), Kv("/a"), TimeSpan.FromSeconds(5), CancellationToken.None));

        Assert.Equal(GrpcStatusCode.Unavailable, e.Code);
    }

    [Fact]
    public async Task Call_past_its_deadline_fails_with_deadline_exceeded()
    {
        var e = await Assert.ThrowsAsync<GrpcStatusException>(() =>
            _channel.UnaryAsync(Method("Hang"), Kv("/a"), TimeSpan.FromMilliseconds(300), CancellationToken.None));

        Assert.Equal(GrpcStatusCode.DeadlineExceeded, e.Code);
    }

    [Fact]
    public async Task Cancelled_call_throws_OperationCanceledException()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _channel.UnaryAsync(Method("Hang"), Kv("/a"), TimeSpan.FromSeconds(30), cts.Token));
    }

    [Fact]
    public async Task Duplex_stream_reads_responses_while_requests_are_still_being_written()
    {
        await using var call = await _channel.StartDuplexAsync(Method("Stream"), Kv("/1"), TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Equal(Kv("/1"), await call.ReadAsync(CancellationToken.None));

        await call.WriteAsync(Kv("/2"), CancellationToken.None);
        Assert.Equal(Kv("/2"), await call.ReadAsync(CancellationToken.None));

        call.CompleteRequests();
        Assert.Null(await call.ReadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Unreachable_server_is_unavailable_and_marked_not_sent()
    {
        var dead = new GrpcChannel(_http, DeadEndpoint.Create(), TimeProvider.System);

        var e = await Assert.ThrowsAsync<GrpcStatusException>(() =>
            dead.UnaryAsync(Method("Unary"), Kv("/a"), TimeSpan.FromSeconds(5), CancellationToken.None));

        Assert.Equal(GrpcStatusCode.Unavailable, e.Code);
        Assert.True(e.RequestNotSent);
    }
}
