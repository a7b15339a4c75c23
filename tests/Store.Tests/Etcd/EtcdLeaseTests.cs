using Cluster.TestKit;

namespace Cluster.Store.Tests.Etcd;

/// <summary>The etcd engine's leases against a real etcd.</summary>
public sealed class EtcdLeaseTests(EtcdFixture fixture) : IClassFixture<EtcdFixture>
{
    private IKeyValueStore Store => fixture.Store;

    [Fact]
    public async Task Granted_lease_keeps_its_keys_until_revoked()
    {
        var key = (fixture.Prefix(nameof(Granted_lease_keeps_its_keys_until_revoked)) + "k").B();
        var lease = await Store.Leases.GrantAsync(60);
        Assert.NotEqual(0, lease.Id);
        Assert.Equal(60, lease.TtlSeconds);
        await Store.PutAsync(new PutRequest(key, "v".B(), Lease: lease.Id));

        var info = await Store.Leases.TimeToLiveAsync(lease.Id, withKeys: true);
        Assert.NotNull(info);
        Assert.Equal(60, info.GrantedTtlSeconds);
        Assert.InRange(info.RemainingTtlSeconds, 1, 60);
        Assert.Equal(key.S(), Assert.Single(info.Keys).S());
        Assert.Equal(60, await Store.Leases.KeepAliveAsync(lease.Id));

        await Store.Leases.RevokeAsync(lease.Id);

        Assert.Equal(0, (await Store.RangeAsync(new RangeRequest(key))).Count);
        Assert.Null(await Store.Leases.TimeToLiveAsync(lease.Id));
    }

    [Fact]
    public async Task Lease_with_a_chosen_id_is_granted_with_that_id()
    {
        var id = 0x1000_0000L + Random.Shared.Next(1_000_000);
        var lease = await Store.Leases.GrantAsync(30, id);
        Assert.Equal(id, lease.Id);
        await Assert.ThrowsAsync<InvalidStoreRequestException>(async () => await Store.Leases.GrantAsync(30, id));
        await Store.Leases.RevokeAsync(id);
    }

    [Fact]
    public async Task Unknown_lease_is_reported_as_not_found()
    {
        const long unknown = 0x0bad_1ea5e;
        Assert.Equal(unknown, (await Assert.ThrowsAsync<LeaseNotFoundException>(async () => await Store.Leases.RevokeAsync(unknown))).LeaseId);
        Assert.Equal(unknown, (await Assert.ThrowsAsync<LeaseNotFoundException>(async () => await Store.Leases.KeepAliveAsync(unknown))).LeaseId);
        Assert.Null(await Store.Leases.TimeToLiveAsync(unknown));
    }

    [Fact]
    public async Task Short_ttl_is_rounded_up_to_etcds_minimum()
    {
        var lease = await Store.Leases.GrantAsync(1);
        // etcd's minimum TTL is 1.5 election timeouts, rounded up: 2 s with the default 1 s election timeout.
        Assert.Equal(2, lease.TtlSeconds);
        await Store.Leases.RevokeAsync(lease.Id);
        await Assert.ThrowsAsync<InvalidStoreRequestException>(async () => await Store.Leases.GrantAsync(0));
    }
}
