using Cluster.TestKit;

namespace Cluster.Store.Tests.Conformance;

public abstract partial class StoreConformance
{
    [Fact]
    public async Task Put_then_range_returns_the_value_with_its_revisions()
    {
        var rev = await PutAsync("a", "1");

        var result = await Store.RangeAsync(new RangeRequest(K("a")));

        var kv = Assert.Single(result.Kvs);
        Assert.Equal("1", kv.Value.S());
        Assert.Equal(rev, kv.ModRevision);
        Assert.Equal(rev, kv.CreateRevision);
        Assert.Equal(1, kv.Version);
        Assert.Equal(0, kv.Lease);
        Assert.Equal(1, result.Count);
        Assert.False(result.More);
        Assert.True(result.Revision >= rev);
    }

    [Fact]
    public async Task Each_put_takes_a_new_revision_and_bumps_the_version()
    {
        var first = await PutAsync("a", "1");
        var second = await PutAsync("a", "2");

        var kv = await GetAsync("a");

        Assert.True(second > first);
        Assert.Equal("2", kv!.Value.S());
        Assert.Equal(first, kv.CreateRevision);
        Assert.Equal(second, kv.ModRevision);
        Assert.Equal(2, kv.Version);
    }

    [Fact]
    public async Task Range_of_a_missing_key_is_empty()
    {
        var result = await Store.RangeAsync(new RangeRequest(K("missing")));

        Assert.Empty(result.Kvs);
        Assert.Equal(0, result.Count);
    }

    [Fact]
    public async Task Prefix_range_returns_keys_in_byte_order_and_nothing_outside()
    {
        foreach (var name in new[] { "b", "a", "c/1", "c", "ab" }) await PutAsync(name, name);
        await Store.PutAsync(new PutRequest((Prefix.S()[..^1] + "0").B(), "outside".B()));

        var result = await Store.RangeAsync(RangeRequest.Prefix(Prefix));

        Assert.Equal(["a", "ab", "b", "c", "c/1"], result.Kvs.Select(Name));
        Assert.Equal(5, result.Count);
    }

    [Fact]
    public async Task Range_with_limit_returns_the_first_keys_and_says_more_with_the_total_count()
    {
        for (var i = 0; i < 5; i++) await PutAsync($"k{i}", "v");

        var result = await Store.RangeAsync(RangeRequest.Prefix(Prefix, limit: 2));

        Assert.Equal(["k0", "k1"], result.Kvs.Select(Name));
        Assert.True(result.More);
        Assert.Equal(5, result.Count);
    }

    [Fact]
    public async Task Range_with_limit_at_least_the_count_says_no_more()
    {
        for (var i = 0; i < 3; i++) await PutAsync($"k{i}", "v");

        var result = await Store.RangeAsync(RangeRequest.Prefix(Prefix, limit: 3));

        Assert.Equal(3, result.Kvs.Count);
        Assert.False(result.More);
    }

    [Fact]
    public async Task Count_only_returns_the_count_without_key_values()
    {
        for (var i = 0; i < 4; i++) await PutAsync($"k{i}", "v");

        var result = await Store.RangeAsync(RangeRequest.Prefix(Prefix) with { CountOnly = true });

        Assert.Empty(result.Kvs);
        Assert.Equal(4, result.Count);
    }

    [Fact]
    public async Task Count_only_with_a_limit_counts_everything_and_says_no_more()
    {
        for (var i = 0; i < 3; i++) await PutAsync($"k{i}", "v");

        var result = await Store.RangeAsync(RangeRequest.Prefix(Prefix, limit: 1) with { CountOnly = true });

        Assert.Equal(3, result.Count);
        Assert.False(result.More);
    }

    [Fact]
    public async Task Keys_only_leaves_values_empty()
    {
        await PutAsync("a", "value");

        var result = await Store.RangeAsync(RangeRequest.Prefix(Prefix) with { KeysOnly = true });

        var kv = Assert.Single(result.Kvs);
        Assert.Equal("a", Name(kv));
        Assert.True(kv.Value.IsEmpty);
        Assert.Equal(1, kv.Version);
    }

    [Fact]
    public async Task Explicit_range_end_is_exclusive()
    {
        foreach (var name in new[] { "a", "b", "c" }) await PutAsync(name, name);

        var result = await Store.RangeAsync(new RangeRequest(K("a"), K("c")));

        Assert.Equal(["a", "b"], result.Kvs.Select(Name));
    }

    [Fact]
    public async Task Range_end_of_zero_byte_means_every_key_from_the_start()
    {
        foreach (var name in new[] { "a", "b", "c" }) await PutAsync(name, name);

        var result = await Store.RangeAsync(new RangeRequest(K("b"), new byte[] { 0 }));

        Assert.Equal(["b", "c"], result.Kvs.Where(kv => kv.Key.S().StartsWith(Prefix.S(), StringComparison.Ordinal)).Select(Name));
    }

    [Fact]
    public async Task Range_at_an_old_revision_sees_the_old_state()
    {
        var first = await PutAsync("a", "1");
        await PutAsync("a", "2");
        await Store.DeleteRangeAsync(new DeleteRangeRequest(K("b")));
        var deleteRev = (await Store.DeleteRangeAsync(new DeleteRangeRequest(K("a")))).Revision;

        Assert.Equal("1", (await GetAsync("a", first))!.Value.S());
        Assert.Null(await GetAsync("a"));
        Assert.Null(await GetAsync("a", deleteRev));
        Assert.Null(await GetAsync("a", first - 1));
    }

    [Fact]
    public async Task Range_at_a_future_revision_fails()
    {
        var rev = await PutAsync("a", "1");

        await Assert.ThrowsAsync<FutureRevisionException>(async () =>
            await Store.RangeAsync(new RangeRequest(K("a"), Revision: rev + 1000)));
    }

    [Fact]
    public async Task Delete_range_removes_the_keys_and_returns_them_when_asked()
    {
        foreach (var name in new[] { "a", "b", "c" }) await PutAsync(name, name);

        var result = await Store.DeleteRangeAsync(new DeleteRangeRequest(K("a"), K("c"), PrevKv: true));

        Assert.Equal(2, result.Deleted);
        Assert.Equal(["a", "b"], result.PrevKvs.Select(Name));
        Assert.Equal(["c"], (await Store.RangeAsync(RangeRequest.Prefix(Prefix))).Kvs.Select(Name));
    }

    [Fact]
    public async Task Deleting_nothing_takes_no_revision()
    {
        var rev = await PutAsync("a", "1");

        var result = await Store.DeleteRangeAsync(new DeleteRangeRequest(K("missing")));

        Assert.Equal(0, result.Deleted);
        var after = await PutAsync("b", "1");
        Assert.True(result.Revision >= rev);
        Assert.Equal(result.Revision + 1, after);
    }

    [Fact]
    public async Task A_key_recreated_after_delete_starts_a_new_generation()
    {
        await PutAsync("a", "1");
        await PutAsync("a", "2");
        await Store.DeleteRangeAsync(new DeleteRangeRequest(K("a")));
        var rev = await PutAsync("a", "3");

        var kv = await GetAsync("a");

        Assert.Equal(rev, kv!.CreateRevision);
        Assert.Equal(1, kv.Version);
    }

    [Fact]
    public async Task Put_returns_the_previous_value_when_asked()
    {
        await PutAsync("a", "1");

        var result = await Store.PutAsync(new PutRequest(K("a"), "2".B(), PrevKv: true));
        var fresh = await Store.PutAsync(new PutRequest(K("b"), "1".B(), PrevKv: true));

        Assert.Equal("1", result.PrevKv!.Value.S());
        Assert.Null(fresh.PrevKv);
    }

    [Fact]
    public async Task An_empty_key_is_rejected()
    {
        await Assert.ThrowsAsync<InvalidStoreRequestException>(async () => await Store.PutAsync(new PutRequest(default, "v".B())));
        await Assert.ThrowsAsync<InvalidStoreRequestException>(async () => await Store.RangeAsync(new RangeRequest(default)));
    }

    [Fact]
    public async Task A_request_over_one_and_a_half_MiB_is_rejected_and_changes_nothing()
    {
        var big = new byte[2 * 1024 * 1024];
        var ok = new byte[1024 * 1024];

        await Assert.ThrowsAsync<RequestTooLargeException>(async () => await Store.PutAsync(new PutRequest(K("big"), big)));
        await Assert.ThrowsAsync<RequestTooLargeException>(async () => await Store.TxnAsync(new TxnRequest([],
            [new PutRequest(K("x"), ok), new PutRequest(K("y"), ok)])));
        await Store.PutAsync(new PutRequest(K("ok"), ok));

        Assert.Null(await GetAsync("big"));
        Assert.Null(await GetAsync("x"));
        Assert.Equal(ok.Length, (await GetAsync("ok"))!.Value.Length);
    }

    [Fact]
    public async Task Binary_keys_and_values_round_trip()
    {
        byte[] key = [.. K("bin").ToArray(), 0, 1, 0xff, 0x80];
        var value = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

        await Store.PutAsync(new PutRequest(key, value));
        var kv = Assert.Single((await Store.RangeAsync(new RangeRequest(key))).Kvs);

        Assert.Equal(key, kv.Key.ToArray());
        Assert.Equal(value, kv.Value.ToArray());
    }

    [Fact]
    public async Task Concurrent_writers_get_unique_revisions_and_every_write_is_visible()
    {
        var writes = Enumerable.Range(0, 64).Select(i => Store.PutAsync(new PutRequest(K($"k{i}"), $"{i}".B())).AsTask());

        var revisions = (await Task.WhenAll(writes)).Select(r => r.Revision).ToList();

        Assert.Equal(64, revisions.Distinct().Count());
        Assert.Equal(64, (await Store.RangeAsync(RangeRequest.Prefix(Prefix) with { CountOnly = true })).Count);
        Assert.Equal(63, revisions.Max() - revisions.Min());
    }
}
