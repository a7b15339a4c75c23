using Cluster.Store.Etcd;
using Cluster.TestKit;

namespace Cluster.Store.Tests.Etcd;

/// <summary>Several endpoints: calls and watches move past the ones that cannot be reached.</summary>
public sealed class EtcdFailoverTests(EtcdFixture fixture) : IClassFixture<EtcdFixture>
{
    [Fact]
    public async Task Calls_fail_over_from_a_dead_endpoint_to_a_live_one()
    {
        var prefix = fixture.Prefix(nameof(Calls_fail_over_from_a_dead_endpoint_to_a_live_one));
        await using var store = EtcdStore.Connect(new EtcdStoreOptions { Endpoints = [DeadEndpoint.Create(), fixture.Etcd.ClientUrl] });

        var put = await store.PutAsync(new PutRequest((prefix + "a").B(), "1".B()));
        var txn = await store.TxnAsync(new TxnRequest([Compare.Absent((prefix + "b").B())], [new PutRequest((prefix + "b").B(), "2".B())]));
        var range = await store.RangeAsync(RangeRequest.Prefix(prefix.B()));
        var lease = await store.Leases.GrantAsync(30);
        var ttl = await store.Leases.KeepAliveAsync(lease.Id);

        Assert.True(txn.Succeeded);
        Assert.Equal(2, range.Count);
        Assert.Equal(30, ttl);
        await using var reader = new WatchReader(store.Watch(WatchRequest.Prefix(prefix.B(), startRevision: put.Revision)));
        Assert.Equal(2, (await reader.EventsAsync(2)).Count);
    }

    [Fact]
    public async Task Watch_opens_on_the_live_endpoint_when_the_first_is_dead()
    {
        var key = (fixture.Prefix(nameof(Watch_opens_on_the_live_endpoint_when_the_first_is_dead)) + "k").B();
        await using var store = EtcdStore.Connect(new EtcdStoreOptions { Endpoints = [DeadEndpoint.Create(), fixture.Etcd.ClientUrl] });
        var put = await fixture.Store.PutAsync(new PutRequest(key, "1".B()));

        // A fresh store: the watch itself, not an earlier call, has to find the live endpoint.
        await using var reader = new WatchReader(store.Watch(new WatchRequest(key, StartRevision: put.Revision)));

        Assert.Equal(put.Revision, (await reader.NextAsync()).Events[0].Kv.ModRevision);
    }

    [Fact]
    public async Task No_reachable_endpoint_throws_StoreUnavailableException()
    {
        await using var store = EtcdStore.Connect(new EtcdStoreOptions { Endpoints = [DeadEndpoint.Create(), DeadEndpoint.Create()] });

        await Assert.ThrowsAsync<StoreUnavailableException>(async () => await store.RangeAsync(new RangeRequest("/k".B())));
        await Assert.ThrowsAsync<StoreUnavailableException>(async () => await store.PutAsync(new PutRequest("/k".B(), "v".B())));
        await Assert.ThrowsAsync<StoreUnavailableException>(async () => await store.Leases.KeepAliveAsync(1));
        await using var reader = new WatchReader(store.Watch(new WatchRequest("/k".B(), StartRevision: 1)));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => reader.NextAsync());
    }

    [Fact]
    public async Task Closed_store_throws_StoreUnavailableException_and_ends_its_watches()
    {
        var key = (fixture.Prefix(nameof(Closed_store_throws_StoreUnavailableException_and_ends_its_watches)) + "k").B();
        var store = EtcdStore.Connect(new EtcdStoreOptions { Endpoints = [fixture.Etcd.ClientUrl] });
        var put = await store.PutAsync(new PutRequest(key, "1".B()));
        await using var reader = new WatchReader(store.Watch(new WatchRequest(key, StartRevision: put.Revision)));
        await reader.NextAsync();
        var pending = reader.NextAsync();

        await store.DisposeAsync();

        var ended = await Assert.ThrowsAsync<WatchCancelledException>(() => pending);
        Assert.Equal(put.Revision + 1, ended.ResumeRevision);
        await Assert.ThrowsAsync<StoreUnavailableException>(async () => await store.RangeAsync(new RangeRequest(key)));
    }
}
