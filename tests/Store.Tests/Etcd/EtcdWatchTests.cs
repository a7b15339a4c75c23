using Cluster.Store.Etcd;
using Cluster.TestKit;

namespace Cluster.Store.Tests.Etcd;

/// <summary>The etcd engine's watches against a real etcd.</summary>
public sealed class EtcdWatchTests(EtcdFixture fixture) : IClassFixture<EtcdFixture>
{
    private IKeyValueStore Store => fixture.Store;

    [Fact]
    public async Task Watch_from_now_delivers_puts_and_deletes_with_previous_values()
    {
        var prefix = fixture.Prefix(nameof(Watch_from_now_delivers_puts_and_deletes_with_previous_values));
        var before = await Store.PutAsync(new PutRequest((prefix + "before").B(), "0".B()));
        var watch = Store.Watch(WatchRequest.Prefix(prefix.B(), prevKv: true));
        await using var reader = new WatchReader(watch);
        watch.RequestProgress(); // its notification proves the watch is in place
        Assert.True((await reader.NextAsync(progress: true)).Revision >= before.Revision);

        var put = await Store.PutAsync(new PutRequest((prefix + "a").B(), "1".B()));
        var update = await Store.PutAsync(new PutRequest((prefix + "a").B(), "2".B()));
        var delete = await Store.DeleteRangeAsync(new DeleteRangeRequest((prefix + "a").B()));

        var events = await reader.EventsAsync(3);
        Assert.Equal([WatchEventType.Put, WatchEventType.Put, WatchEventType.Delete], events.Select(e => e.Type));
        Assert.Equal([put.Revision, update.Revision, delete.Revision], events.Select(e => e.Kv.ModRevision));
        Assert.Null(events[0].PrevKv);
        Assert.Equal("1", events[1].PrevKv!.Value.S());
        Assert.True(events[2].Kv.IsTombstone);
        Assert.Equal("2", events[2].PrevKv!.Value.S());
    }

    [Fact]
    public async Task Watch_from_now_sees_a_write_made_right_after_enumeration_starts()
    {
        var prefix = fixture.Prefix(nameof(Watch_from_now_sees_a_write_made_right_after_enumeration_starts));
        await Store.PutAsync(new PutRequest((prefix + "before").B(), "0".B()));
        await using var reader = new WatchReader(Store.Watch(WatchRequest.Prefix(prefix.B())));
        var first = reader.NextAsync(); // no round trip needed before the write below

        var after = await Store.PutAsync(new PutRequest((prefix + "after").B(), "1".B()));

        var batch = await first;
        Assert.Equal((prefix + "after").B().S(), Assert.Single(batch.Events).Kv.Key.S());
        Assert.Equal(after.Revision, batch.Events[0].Kv.ModRevision);
    }

    [Fact]
    public async Task Watch_from_now_does_not_fail_when_the_last_revision_seen_is_compacted()
    {
        var prefix = fixture.Prefix(nameof(Watch_from_now_does_not_fail_when_the_last_revision_seen_is_compacted));
        await using var stale = EtcdStore.Connect(new EtcdStoreOptions { Endpoints = [fixture.Etcd.ClientUrl] });
        await stale.PutAsync(new PutRequest((prefix + "old").B(), "0".B())); // the last revision `stale` sees
        await Store.PutAsync(new PutRequest((prefix + "old").B(), "1".B()));
        var compacted = await Store.PutAsync(new PutRequest((prefix + "old").B(), "2".B()));
        await Store.CompactAsync(compacted.Revision); // the revision after the one `stale` saw is gone

        await using var reader = new WatchReader(stale.Watch(WatchRequest.Prefix(prefix.B())));
        var first = reader.NextAsync();
        var later = await Store.PutAsync(new PutRequest((prefix + "new").B(), "3".B()));

        // It starts at the oldest revision etcd still has, so it may replay the compacted-at write, then goes on.
        var events = new List<WatchEvent>((await first).Events);
        while (events[^1].Kv.ModRevision < later.Revision) events.AddRange((await reader.NextAsync()).Events);
        Assert.All(events, e => Assert.True(e.Kv.ModRevision >= compacted.Revision));
        Assert.Equal(later.Revision, events[^1].Kv.ModRevision);
    }

    [Fact]
    public async Task Watch_from_a_past_revision_replays_history_and_groups_a_txn_in_one_batch()
    {
        var prefix = fixture.Prefix(nameof(Watch_from_a_past_revision_replays_history_and_groups_a_txn_in_one_batch));
        var start = await Store.PutAsync(new PutRequest((prefix + "a").B(), "1".B()));
        var txn = await Store.TxnAsync(new TxnRequest([], [new PutRequest((prefix + "b").B(), "2".B()), new PutRequest((prefix + "c").B(), "3".B())]));

        await using var reader = new WatchReader(Store.Watch(WatchRequest.Prefix(prefix.B(), startRevision: start.Revision)));
        var events = await reader.EventsAsync(3);

        Assert.Equal([start.Revision, txn.Revision, txn.Revision], events.Select(e => e.Kv.ModRevision));
    }

    [Fact]
    public async Task Watch_from_a_compacted_revision_throws_CompactedException_with_the_compact_revision()
    {
        var key = (fixture.Prefix(nameof(Watch_from_a_compacted_revision_throws_CompactedException_with_the_compact_revision)) + "k").B();
        var old = await Store.PutAsync(new PutRequest(key, "1".B()));
        var current = await Store.PutAsync(new PutRequest(key, "2".B()));
        await Store.CompactAsync(current.Revision);

        await using var reader = new WatchReader(Store.Watch(new WatchRequest(key, StartRevision: old.Revision)));
        var e = await Assert.ThrowsAsync<CompactedException>(() => reader.NextAsync());

        Assert.Equal(current.Revision, e.CompactRevision);
    }

    [Fact]
    public async Task RequestProgress_yields_a_progress_notification_at_the_current_revision()
    {
        var key = (fixture.Prefix(nameof(RequestProgress_yields_a_progress_notification_at_the_current_revision)) + "k").B();
        var put = await Store.PutAsync(new PutRequest(key, "1".B()));
        var watch = Store.Watch(new WatchRequest(key, StartRevision: put.Revision));
        await using var reader = new WatchReader(watch);
        Assert.Equal(put.Revision, (await reader.NextAsync()).Events[0].Kv.ModRevision);

        watch.RequestProgress();
        var progress = await reader.NextAsync(progress: true);

        Assert.True(progress.IsProgressNotify);
        Assert.Empty(progress.Events);
        Assert.True(progress.Revision >= put.Revision);
    }

    [Fact]
    public async Task ProgressNotify_watch_receives_periodic_notifications_while_idle()
    {
        var key = (fixture.Prefix(nameof(ProgressNotify_watch_receives_periodic_notifications_while_idle)) + "k").B();
        await using var reader = new WatchReader(Store.Watch(new WatchRequest(key, ProgressNotify: true)));

        var batch = await reader.NextAsync(progress: true); // the fixture's etcd notifies every 200 ms

        Assert.True(batch.IsProgressNotify);
    }

    [Fact]
    public async Task Cancelling_the_enumeration_ends_it_quietly()
    {
        var key = (fixture.Prefix(nameof(Cancelling_the_enumeration_ends_it_quietly)) + "k").B();
        var put = await Store.PutAsync(new PutRequest(key, "1".B()));
        await using var reader = new WatchReader(Store.Watch(new WatchRequest(key, StartRevision: put.Revision)));
        await reader.NextAsync();

        Assert.True(await reader.CancelAndEndAsync());
    }

    [Fact]
    public async Task A_watch_can_be_enumerated_only_once()
    {
        var watch = Store.Watch(new WatchRequest((fixture.Prefix(nameof(A_watch_can_be_enumerated_only_once))).B()));
        await using var reader = new WatchReader(watch);

        Assert.Throws<InvalidOperationException>(() => watch.GetAsyncEnumerator());
    }
}
