using Cluster.TestKit;

namespace Cluster.Store.Tests.Conformance;

public abstract partial class StoreConformance
{
    [Fact]
    public async Task Create_if_absent_succeeds_once()
    {
        TxnRequest Create(string value) => new([Compare.Absent(K("a"))], [new PutRequest(K("a"), value.B())], [new RangeRequest(K("a"))]);

        var first = await Store.TxnAsync(Create("1"));
        var second = await Store.TxnAsync(Create("2"));

        Assert.True(first.Succeeded);
        Assert.False(second.Succeeded);
        var current = Assert.IsType<RangeResult>(Assert.Single(second.Responses));
        Assert.Equal("1", Assert.Single(current.Kvs).Value.S());
        Assert.Equal(first.Revision, second.Revision);
    }

    [Fact]
    public async Task Update_if_mod_revision_matches_rejects_a_stale_revision()
    {
        var rev = await PutAsync("a", "1");
        TxnRequest Update(long expected, string value) =>
            new([Compare.ModRevision(K("a"), CompareResult.Equal, expected)], [new PutRequest(K("a"), value.B())], [new RangeRequest(K("a"))]);

        var ok = await Store.TxnAsync(Update(rev, "2"));
        var stale = await Store.TxnAsync(Update(rev, "3"));

        Assert.True(ok.Succeeded);
        Assert.False(stale.Succeeded);
        Assert.Equal("2", (await GetAsync("a"))!.Value.S());
        var put = Assert.IsType<PutResult>(Assert.Single(ok.Responses));
        Assert.Equal(ok.Revision, put.Revision);
    }

    [Fact]
    public async Task Compares_on_value_version_create_revision_and_lease_follow_their_operators()
    {
        var rev = await PutAsync("a", "m");
        await PutAsync("a", "m");

        async Task<bool> Holds(Compare c) => (await Store.TxnAsync(new TxnRequest([c], []))).Succeeded;

        Assert.True(await Holds(Compare.ValueOf(K("a"), CompareResult.Equal, "m".B())));
        Assert.True(await Holds(Compare.ValueOf(K("a"), CompareResult.Greater, "a".B())));
        Assert.True(await Holds(Compare.ValueOf(K("a"), CompareResult.Less, "z".B())));
        Assert.False(await Holds(Compare.ValueOf(K("a"), CompareResult.NotEqual, "m".B())));
        Assert.True(await Holds(Compare.Version(K("a"), CompareResult.Equal, 2)));
        Assert.True(await Holds(Compare.Version(K("a"), CompareResult.Greater, 1)));
        Assert.True(await Holds(Compare.CreateRevision(K("a"), CompareResult.Equal, rev)));
        Assert.True(await Holds(Compare.ModRevision(K("a"), CompareResult.Greater, rev)));
        Assert.True(await Holds(Compare.LeaseOf(K("a"), CompareResult.Equal, 0)));
        Assert.True(await Holds(Compare.Version(K("missing"), CompareResult.Equal, 0)));
        Assert.True(await Holds(Compare.ModRevision(K("missing"), CompareResult.Less, 1)));
        Assert.False(await Holds(Compare.ValueOf(K("missing"), CompareResult.NotEqual, "x".B())));
    }

    [Fact]
    public async Task All_compares_must_hold()
    {
        await PutAsync("a", "1");

        var result = await Store.TxnAsync(new TxnRequest(
            [Compare.ValueOf(K("a"), CompareResult.Equal, "1".B()), Compare.Version(K("a"), CompareResult.Equal, 5)],
            [new PutRequest(K("b"), "yes".B())],
            [new PutRequest(K("b"), "no".B())]));

        Assert.False(result.Succeeded);
        Assert.Equal("no", (await GetAsync("b"))!.Value.S());
    }

    [Fact]
    public async Task A_txn_takes_one_revision_for_all_its_writes()
    {
        await PutAsync("old", "x");

        var result = await Store.TxnAsync(new TxnRequest([],
            [new PutRequest(K("a"), "1".B()), new PutRequest(K("b"), "2".B()), new DeleteRangeRequest(K("old"))]));

        Assert.True(result.Succeeded);
        Assert.Equal(result.Revision, (await GetAsync("a"))!.ModRevision);
        Assert.Equal(result.Revision, (await GetAsync("b"))!.ModRevision);
        Assert.Null(await GetAsync("old"));
        Assert.All(result.Responses, r => Assert.Equal(result.Revision, r.Revision));
        Assert.Equal(result.Revision + 1, await PutAsync("c", "3"));
    }

    [Fact]
    public async Task A_range_inside_a_txn_sees_the_txns_earlier_writes()
    {
        var result = await Store.TxnAsync(new TxnRequest([],
            [new PutRequest(K("a"), "1".B()), new RangeRequest(K("a"))]));

        var range = Assert.IsType<RangeResult>(result.Responses[1]);
        Assert.Equal("1", Assert.Single(range.Kvs).Value.S());
    }

    [Fact]
    public async Task A_txn_that_writes_one_key_twice_is_rejected()
    {
        await Assert.ThrowsAsync<InvalidStoreRequestException>(async () => await Store.TxnAsync(new TxnRequest([],
            [new PutRequest(K("a"), "1".B()), new PutRequest(K("a"), "2".B())])));

        Assert.Null(await GetAsync("a"));
    }

    [Fact]
    public async Task A_read_only_txn_takes_no_revision()
    {
        var rev = await PutAsync("a", "1");

        var result = await Store.TxnAsync(new TxnRequest([Compare.Version(K("a"), CompareResult.Equal, 1)], [new RangeRequest(K("a"))]));

        Assert.True(result.Succeeded);
        Assert.Equal(rev, result.Revision);
        Assert.Equal(rev + 1, await PutAsync("b", "1"));
    }

    [Fact]
    public async Task A_txn_delete_returns_the_deleted_values()
    {
        await PutAsync("a", "1");
        await PutAsync("b", "2");

        var result = await Store.TxnAsync(new TxnRequest([], [DeleteRangeRequest.Prefix(Prefix, prevKv: true)]));

        var delete = Assert.IsType<DeleteRangeResult>(Assert.Single(result.Responses));
        Assert.Equal(2, delete.Deleted);
        Assert.Equal(["1", "2"], delete.PrevKvs.Select(kv => kv.Value.S()));
    }

    [Fact]
    public async Task A_txn_put_with_an_unknown_lease_fails_and_writes_nothing()
    {
        await Assert.ThrowsAsync<LeaseNotFoundException>(async () => await Store.TxnAsync(new TxnRequest([],
            [new PutRequest(K("a"), "1".B()), new PutRequest(K("b"), "2".B(), Lease: 0x7777_1234)])));

        Assert.Null(await GetAsync("a"));
    }

    [Fact]
    public async Task A_txn_with_more_than_128_operations_is_rejected()
    {
        var ops = Enumerable.Range(0, StoreLimits.MaxTxnOps + 1).Select(i => (TxnOp)new PutRequest(K($"k{i}"), "v".B())).ToList();

        await Assert.ThrowsAsync<InvalidStoreRequestException>(async () => await Store.TxnAsync(new TxnRequest([], ops)));
        var ok = await Store.TxnAsync(new TxnRequest([], ops[..StoreLimits.MaxTxnOps]));

        Assert.True(ok.Succeeded);
        Assert.Null(await GetAsync($"k{StoreLimits.MaxTxnOps}"));
    }
}
