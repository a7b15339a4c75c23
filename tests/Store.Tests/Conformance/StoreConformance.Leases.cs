using Cluster.TestKit;

namespace Cluster.Store.Tests.Conformance;

public abstract partial class StoreConformance
{
    [Fact]
    public async Task Revoking_a_lease_deletes_its_keys_in_one_revision()
    {
        var lease = await Store.Leases.GrantAsync(60);
        await PutAsync("a", "1", lease.Id);
        await PutAsync("b", "1", lease.Id);
        var plain = await PutAsync("c", "1");
        await using var watch = Store.Watch(WatchRequest.Prefix(Prefix, plain + 1)).GetAsyncEnumerator();

        await Store.Leases.RevokeAsync(lease.Id);

        var events = await ReadEventsAsync(watch, 2);
        Assert.All(events, e => Assert.Equal(WatchEventType.Delete, e.Type));
        Assert.Single(events.Select(e => e.Kv.ModRevision).Distinct());
        Assert.Equal(["c"], (await Store.RangeAsync(RangeRequest.Prefix(Prefix))).Kvs.Select(Name));
        Assert.Null(await Store.Leases.TimeToLiveAsync(lease.Id));
    }

    [Fact]
    public async Task An_expired_lease_deletes_its_keys()
    {
        var lease = await Store.Leases.GrantAsync(2);
        Assert.True(lease.TtlSeconds >= 2);
        await PutAsync("a", "1", lease.Id);
        Assert.Equal(lease.Id, (await GetAsync("a"))!.Lease);

        await Eventually.TrueAsync(async () => await GetAsync("a") is null, LeaseWait, "leased key deleted after expiry");

        await Assert.ThrowsAsync<LeaseNotFoundException>(async () => await Store.Leases.KeepAliveAsync(lease.Id));
    }

    [Fact]
    public async Task Keep_alive_renews_a_lease_to_its_full_ttl()
    {
        var lease = await Store.Leases.GrantAsync(30);

        var ttl = await Store.Leases.KeepAliveAsync(lease.Id);
        var info = await Store.Leases.TimeToLiveAsync(lease.Id);

        Assert.Equal(lease.TtlSeconds, ttl);
        Assert.NotNull(info);
        Assert.Equal(lease.TtlSeconds, info.GrantedTtlSeconds);
        Assert.InRange(info.RemainingTtlSeconds, lease.TtlSeconds - 5, lease.TtlSeconds);
        await Store.Leases.RevokeAsync(lease.Id);
    }

    [Fact]
    public async Task Time_to_live_lists_the_attached_keys_and_unknown_leases_are_not_found()
    {
        var lease = await Store.Leases.GrantAsync(60);
        await PutAsync("a", "1", lease.Id);
        await PutAsync("b", "1", lease.Id);
        await PutAsync("b", "2");

        var info = await Store.Leases.TimeToLiveAsync(lease.Id, withKeys: true);

        Assert.Equal(["a"], info!.Keys.Select(k => k.S()[Prefix.Length..]));
        Assert.Null(await Store.Leases.TimeToLiveAsync(0x5555_0001));
        await Assert.ThrowsAsync<LeaseNotFoundException>(async () => await Store.Leases.KeepAliveAsync(0x5555_0001));
        await Assert.ThrowsAsync<LeaseNotFoundException>(async () => await Store.Leases.RevokeAsync(0x5555_0001));
        await Store.Leases.RevokeAsync(lease.Id);
    }

    [Fact]
    public async Task A_put_with_an_unknown_lease_fails()
    {
        await Assert.ThrowsAsync<LeaseNotFoundException>(async () => await Store.PutAsync(new PutRequest(K("a"), "1".B(), 0x6666_0001)));

        Assert.Null(await GetAsync("a"));
    }

    [Fact]
    public async Task A_lease_can_be_granted_with_a_chosen_id()
    {
        var id = Random.Shared.NextInt64(1, long.MaxValue);

        var lease = await Store.Leases.GrantAsync(60, id);

        Assert.Equal(id, lease.Id);
        Assert.NotNull(await Store.Leases.TimeToLiveAsync(id));
        await Store.Leases.RevokeAsync(id);
    }

    [Fact]
    public async Task A_lease_ttl_that_is_not_positive_is_refused_and_a_short_one_is_raised_to_the_minimum()
    {
        await Assert.ThrowsAsync<InvalidStoreRequestException>(async () => await Store.Leases.GrantAsync(0));
        await Assert.ThrowsAsync<InvalidStoreRequestException>(async () => await Store.Leases.GrantAsync(-5));

        var lease = await Store.Leases.GrantAsync(1);

        Assert.Equal(2, lease.TtlSeconds);
        await Store.Leases.RevokeAsync(lease.Id);
    }
}
