using Cluster.TestKit;

namespace Cluster.Store.Tests.Etcd;

/// <summary>The etcd engine's key-value calls against a real etcd.</summary>
public sealed class EtcdStoreTests(EtcdFixture fixture) : IClassFixture<EtcdFixture>
{
    private IKeyValueStore Store => fixture.Store;

    [Fact]
    public async Task Put_then_range_returns_the_value_with_revisions()
    {
        var key = fixture.Prefix(nameof(Put_then_range_returns_the_value_with_revisions)) + "a";
        var put = await Store.PutAsync(new PutRequest(key.B(), "one".B()));
        var second = await Store.PutAsync(new PutRequest(key.B(), "two".B(), PrevKv: true));

        Assert.Equal(put.Revision + 1, second.Revision);
        Assert.Equal("one", second.PrevKv!.Value.S());
        var range = await Store.RangeAsync(new RangeRequest(key.B()));
        var kv = Assert.Single(range.Kvs);
        Assert.Equal("two", kv.Value.S());
        Assert.Equal(put.Revision, kv.CreateRevision);
        Assert.Equal(second.Revision, kv.ModRevision);
        Assert.Equal(2, kv.Version);
        Assert.Equal(second.Revision, range.Revision);
    }

    [Fact]
    public async Task Range_honours_limit_keys_only_count_only_and_revision()
    {
        var prefix = fixture.Prefix(nameof(Range_honours_limit_keys_only_count_only_and_revision));
        var first = await Store.PutAsync(new PutRequest((prefix + "a").B(), "1".B()));
        await Store.PutAsync(new PutRequest((prefix + "b").B(), "2".B()));
        await Store.PutAsync(new PutRequest((prefix + "c").B(), "3".B()));

        var limited = await Store.RangeAsync(RangeRequest.Prefix(prefix.B(), limit: 2));
        Assert.Equal([prefix + "a", prefix + "b"], limited.Kvs.Select(kv => kv.Key.S()));
        Assert.True(limited.More);
        Assert.Equal(3, limited.Count);

        var keysOnly = await Store.RangeAsync(RangeRequest.Prefix(prefix.B()) with { KeysOnly = true });
        Assert.All(keysOnly.Kvs, kv => Assert.True(kv.Value.IsEmpty));

        var countOnly = await Store.RangeAsync(RangeRequest.Prefix(prefix.B()) with { CountOnly = true });
        Assert.Empty(countOnly.Kvs);
        Assert.Equal(3, countOnly.Count);

        var past = await Store.RangeAsync(RangeRequest.Prefix(prefix.B(), revision: first.Revision));
        Assert.Equal([prefix + "a"], past.Kvs.Select(kv => kv.Key.S()));
    }

    [Fact]
    public async Task Delete_range_returns_previous_values_and_takes_one_revision()
    {
        var prefix = fixture.Prefix(nameof(Delete_range_returns_previous_values_and_takes_one_revision));
        await Store.PutAsync(new PutRequest((prefix + "a").B(), "1".B()));
        var last = await Store.PutAsync(new PutRequest((prefix + "b").B(), "2".B()));

        var deleted = await Store.DeleteRangeAsync(DeleteRangeRequest.Prefix(prefix.B(), prevKv: true));

        Assert.Equal(2, deleted.Deleted);
        Assert.Equal(last.Revision + 1, deleted.Revision);
        Assert.Equal(["1", "2"], deleted.PrevKvs.Select(kv => kv.Value.S()));
        Assert.Equal(0, (await Store.RangeAsync(RangeRequest.Prefix(prefix.B()))).Count);
    }

    [Fact]
    public async Task Txn_runs_the_branch_its_compares_choose()
    {
        var key = (fixture.Prefix(nameof(Txn_runs_the_branch_its_compares_choose)) + "k").B();
        var create = new TxnRequest([Compare.Absent(key)], [new PutRequest(key, "v1".B())], [new RangeRequest(key)]);

        var created = await Store.TxnAsync(create);
        var again = await Store.TxnAsync(create);

        Assert.True(created.Succeeded);
        var put = Assert.IsType<PutResult>(Assert.Single(created.Responses));
        Assert.Equal(created.Revision, put.Revision);
        Assert.False(again.Succeeded);
        Assert.Equal(created.Revision, again.Revision);
        var read = Assert.IsType<RangeResult>(Assert.Single(again.Responses));
        Assert.Equal("v1", Assert.Single(read.Kvs).Value.S());

        var update = await Store.TxnAsync(new TxnRequest(
            [Compare.ModRevision(key, CompareResult.Equal, created.Revision), Compare.ValueOf(key, CompareResult.Equal, "v1".B()),
             Compare.Version(key, CompareResult.Greater, 0), Compare.LeaseOf(key, CompareResult.Equal, 0),
             Compare.CreateRevision(key, CompareResult.Less, created.Revision + 1)],
            [new PutRequest(key, "v2".B(), PrevKv: true), new DeleteRangeRequest("/no/such/key".B())]));
        Assert.True(update.Succeeded);
        Assert.Equal("v1", Assert.IsType<PutResult>(update.Responses[0]).PrevKv!.Value.S());
        Assert.Equal(0, Assert.IsType<DeleteRangeResult>(update.Responses[1]).Deleted);
    }

    [Fact]
    public async Task Range_below_the_compacted_revision_throws_CompactedException()
    {
        var key = (fixture.Prefix(nameof(Range_below_the_compacted_revision_throws_CompactedException)) + "k").B();
        var old = await Store.PutAsync(new PutRequest(key, "1".B()));
        var current = await Store.PutAsync(new PutRequest(key, "2".B()));

        Assert.True(await Store.CompactAsync(current.Revision) >= current.Revision);

        var e = await Assert.ThrowsAsync<CompactedException>(async () => await Store.RangeAsync(new RangeRequest(key, Revision: old.Revision)));
        Assert.Equal(0, e.CompactRevision);
    }

    [Fact]
    public async Task Range_at_a_future_revision_throws_FutureRevisionException_with_the_current_revision()
    {
        var key = (fixture.Prefix(nameof(Range_at_a_future_revision_throws_FutureRevisionException_with_the_current_revision)) + "k").B();
        var put = await Store.PutAsync(new PutRequest(key, "1".B()));

        var e = await Assert.ThrowsAsync<FutureRevisionException>(async () =>
            await Store.RangeAsync(new RangeRequest(key, Revision: put.Revision + 1000)));

        Assert.Equal(put.Revision + 1000, e.Requested);
        Assert.True(e.Current >= put.Revision);
    }

    [Fact]
    public async Task Requests_that_break_store_limits_are_rejected_before_sending()
    {
        var key = (fixture.Prefix(nameof(Requests_that_break_store_limits_are_rejected_before_sending)) + "k").B();
        await Assert.ThrowsAsync<RequestTooLargeException>(async () =>
            await Store.PutAsync(new PutRequest(key, new byte[StoreLimits.MaxRequestBytes + 1])));
        await Assert.ThrowsAsync<InvalidStoreRequestException>(async () =>
            await Store.TxnAsync(new TxnRequest([], [new PutRequest(key, "1".B()), new PutRequest(key, "2".B())])));
        await Assert.ThrowsAsync<InvalidStoreRequestException>(async () =>
            await Store.PutAsync(new PutRequest(ReadOnlyMemory<byte>.Empty, "1".B())));
    }

    [Fact]
    public async Task Errors_etcd_raises_itself_map_to_store_exceptions()
    {
        var prefix = fixture.Prefix(nameof(Errors_etcd_raises_itself_map_to_store_exceptions));
        // A txn that puts under a deleted range passes nothing to StoreLimits that etcd would not also reject,
        // so send one that only etcd refuses: more operations than its --max-txn-ops (128).
        var ops = Enumerable.Range(0, 129).Select(i => (TxnOp)new PutRequest((prefix + i).B(), "v".B())).ToArray();
        var e = await Assert.ThrowsAsync<InvalidStoreRequestException>(async () => await Store.TxnAsync(new TxnRequest([], ops)));
        Assert.Contains("too many operations", e.Message, StringComparison.Ordinal);

        await Assert.ThrowsAsync<LeaseNotFoundException>(async () =>
            await Store.PutAsync(new PutRequest((prefix + "leased").B(), "v".B(), Lease: 0x7eadbeef)));
    }
}
