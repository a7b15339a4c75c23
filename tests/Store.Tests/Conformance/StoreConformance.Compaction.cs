using Cluster.TestKit;

namespace Cluster.Store.Tests.Conformance;

public abstract partial class StoreConformance
{
    [Fact]
    public async Task Reads_below_the_compacted_revision_fail_and_reads_at_or_above_it_work()
    {
        var first = await PutAsync("a", "1");
        var second = await PutAsync("a", "2");
        var third = await PutAsync("a", "3");

        await Store.CompactAsync(second);

        var error = await Assert.ThrowsAsync<CompactedException>(async () => await Store.RangeAsync(new RangeRequest(K("a"), Revision: first)));
        Assert.True(error.CompactRevision is 0 || error.CompactRevision == second);
        Assert.Equal("2", (await GetAsync("a", second))!.Value.S());
        Assert.Equal("3", (await GetAsync("a", third))!.Value.S());
        Assert.Equal("3", (await GetAsync("a"))!.Value.S());
    }

    [Fact]
    public async Task Compaction_keeps_keys_whose_last_write_is_older()
    {
        var rev = await PutAsync("stable", "1");
        await PutAsync("deleted", "1");
        await Store.DeleteRangeAsync(new DeleteRangeRequest(K("deleted")));
        var latest = await PutAsync("other", "1");

        await Store.CompactAsync(latest);

        Assert.Equal(rev, (await GetAsync("stable"))!.ModRevision);
        Assert.Null(await GetAsync("deleted"));
        Assert.Equal(2, (await Store.RangeAsync(RangeRequest.Prefix(Prefix))).Count);
    }

    [Fact]
    public async Task A_watch_from_a_compacted_revision_fails_with_the_compacted_revision()
    {
        var first = await PutAsync("a", "1");
        await PutAsync("a", "2");
        var third = await PutAsync("a", "3");
        await Store.CompactAsync(third);

        await using var watch = Store.Watch(WatchRequest.Prefix(Prefix, first)).GetAsyncEnumerator();
        var error = await Assert.ThrowsAsync<CompactedException>(async () => await watch.MoveNextAsync().AsTask().WaitAsync(WatchWait));

        Assert.Equal(third, error.CompactRevision);
    }

    [Fact]
    public async Task A_watch_from_the_compacted_revision_itself_still_works()
    {
        await PutAsync("a", "1");
        var second = await PutAsync("a", "2");
        await Store.CompactAsync(second);
        await PutAsync("a", "3");

        await using var watch = Store.Watch(WatchRequest.Prefix(Prefix, second + 1)).GetAsyncEnumerator();
        var events = await ReadEventsAsync(watch, 1);

        Assert.Equal("3", events[0].Kv.Value.S());
    }

    [Fact]
    public async Task Compacting_a_future_or_already_compacted_revision_fails()
    {
        var rev = await PutAsync("a", "1");
        await PutAsync("a", "2");
        await Store.CompactAsync(rev);

        await Assert.ThrowsAsync<FutureRevisionException>(async () => await Store.CompactAsync(rev + 1000));
        await Assert.ThrowsAsync<CompactedException>(async () => await Store.CompactAsync(rev));
    }
}
