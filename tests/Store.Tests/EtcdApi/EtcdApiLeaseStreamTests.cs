using Cluster.Store.Etcd;
using Pb = Cluster.Store.Etcd.Protos;

namespace Cluster.Store.Tests.EtcdApi;

/// <summary>The LeaseKeepAlive stream as an etcd client uses it: one long stream, one answer per request, in order.</summary>
public sealed class EtcdApiLeaseStreamTests(EtcdApiFixture fixture) : IClassFixture<EtcdApiFixture>, IDisposable
{
    private readonly RawGrpcClient _client = new(fixture.Address);

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task Each_keep_alive_is_answered_in_order_with_the_ttl_or_zero_for_an_unknown_lease()
    {
        var lease = await fixture.Store.Leases.GrantAsync(30);
        await using var call = await _client.Channel.StartDuplexAsync(
            EtcdMethods.LeaseKeepAlive, new Pb.LeaseKeepAliveRequest { ID = lease.Id }, RawGrpcClient.Timeout, CancellationToken.None);
        using var timeout = new CancellationTokenSource(RawGrpcClient.Timeout);

        var first = await call.ReadAsync(timeout.Token);
        await call.WriteAsync(new Pb.LeaseKeepAliveRequest { ID = 0x3333_0001 }, timeout.Token);
        await call.WriteAsync(new Pb.LeaseKeepAliveRequest { ID = lease.Id }, timeout.Token);
        var unknown = await call.ReadAsync(timeout.Token);
        var again = await call.ReadAsync(timeout.Token);
        call.CompleteRequests();
        var end = await call.ReadAsync(timeout.Token);

        Assert.Equal((lease.Id, 30L), (first!.ID, first.TTL));
        Assert.Equal((0x3333_0001L, 0L), (unknown!.ID, unknown.TTL));
        Assert.Equal((lease.Id, 30L), (again!.ID, again.TTL));
        Assert.Equal(fixture.Options.MemberId, again.Header.MemberId);
        Assert.Null(end);
        await fixture.Store.Leases.RevokeAsync(lease.Id);
    }
}
