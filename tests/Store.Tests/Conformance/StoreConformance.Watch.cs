using Cluster.TestKit;

namespace Cluster.Store.Tests.Conformance;

public abstract partial class StoreConformance
{
    [Fact]
    public async Task Watch_delivers_puts_and_deletes_in_order_with_previous_values()
    {
        var start = await PutAsync("seed", "0");
        await using var watch = Store.Watch(WatchRequest.Prefix(Prefix, start + 1, prevKv: true)).GetAsyncEnumerator();
        await PutAsync("a", "1");
        await PutAsync("a", "2");
        await Store.DeleteRangeAsync(new DeleteRangeRequest(K("a")));

        var events = await ReadEventsAsync(watch, 3);

        Assert.Equal([WatchEventType.Put, WatchEventType.Put, WatchEventType.Delete], events.Select(e => e.Type));
        Assert.Equal(["1", "2"], events.Take(2).Select(e => e.Kv.Value.S()));
        Assert.Null(events[0].PrevKv);
        Assert.Equal("1", events[1].PrevKv!.Value.S());
        Assert.Equal("2", events[2].PrevKv!.Value.S());
        Assert.Equal("a", Name(events[2].Kv));
        Assert.True(events[0].Kv.ModRevision < events[1].Kv.ModRevision && events[1].Kv.ModRevision < events[2].Kv.ModRevision);
    }

    [Fact]
    public async Task Watch_from_now_sees_only_later_changes()
    {
        await PutAsync("before", "x");
        await using var watch = Store.Watch(WatchRequest.Prefix(Prefix)).GetAsyncEnumerator();
        await Task.Yield();
        var pending = watch.MoveNextAsync();
        await PutAsync("after", "y");

        Assert.True(await pending.AsTask().WaitAsync(WatchWait));
        var batch = watch.Current.IsProgressNotify ? (await ReadBatchesAsync(watch, 1))[0] : watch.Current;

        Assert.Equal("after", Name(Assert.Single(batch.Events).Kv));
    }

    [Fact]
    public async Task Watch_from_an_old_revision_replays_history_exactly()
    {
        var first = await PutAsync("a", "1");
        await PutAsync("b", "1");
        await PutAsync("a", "2");

        await using var watch = Store.Watch(WatchRequest.Prefix(Prefix, first)).GetAsyncEnumerator();
        var events = await ReadEventsAsync(watch, 3);

        Assert.Equal(["a:1", "b:1", "a:2"], events.Select(e => $"{Name(e.Kv)}:{e.Kv.Value.S()}"));
    }

    [Fact]
    public async Task A_watch_resumed_after_its_last_revision_continues_without_gap_or_duplicate()
    {
        var start = await PutAsync("k0", "v");
        for (var i = 1; i < 10; i++) await PutAsync($"k{i}", "v");

        List<WatchEvent> firstPart;
        await using (var watch = Store.Watch(WatchRequest.Prefix(Prefix, start)).GetAsyncEnumerator())
            firstPart = [.. (await ReadBatchesAsync(watch, 4, exact: false)).SelectMany(b => b.Events).Take(4)];
        var resumeFrom = firstPart[^1].Kv.ModRevision + 1;
        await using var resumed = Store.Watch(WatchRequest.Prefix(Prefix, resumeFrom)).GetAsyncEnumerator();
        var rest = await ReadEventsAsync(resumed, 6);

        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"k{i}"), firstPart.Concat(rest).Select(e => Name(e.Kv)));
    }

    [Fact]
    public async Task Events_of_one_txn_arrive_in_one_batch()
    {
        var start = await PutAsync("seed", "0");
        await using var watch = Store.Watch(WatchRequest.Prefix(Prefix, start + 1)).GetAsyncEnumerator();
        await Store.TxnAsync(new TxnRequest([], [new PutRequest(K("a"), "1".B()), new PutRequest(K("b"), "1".B()), new PutRequest(K("c"), "1".B())]));

        var batches = await ReadBatchesAsync(watch, 3);

        Assert.Equal(["a", "b", "c"], Assert.Single(batches).Events.Select(e => Name(e.Kv)));
    }

    [Fact]
    public async Task A_watch_on_one_key_ignores_other_keys()
    {
        var start = await PutAsync("seed", "0");
        await using var watch = Store.Watch(new WatchRequest(K("a"), StartRevision: start + 1)).GetAsyncEnumerator();
        await PutAsync("ab", "1");
        await PutAsync("b", "1");
        await PutAsync("a", "1");

        var events = await ReadEventsAsync(watch, 1);

        Assert.Equal("a", Name(Assert.Single(events).Kv));
    }

    [Fact]
    public async Task A_requested_progress_notification_reports_a_revision_with_nothing_missed()
    {
        var rev = await PutAsync("a", "1");
        var watch = Store.Watch(WatchRequest.Prefix(Prefix, rev));
        await using var e = watch.GetAsyncEnumerator();
        Assert.Single(await ReadEventsAsync(e, 1));

        watch.RequestProgress();
        WatchBatch progress;
        do
        {
            Assert.True(await e.MoveNextAsync().AsTask().WaitAsync(WatchWait));
            progress = e.Current;
        } while (!progress.IsProgressNotify);

        Assert.Empty(progress.Events);
        Assert.True(progress.Revision >= rev);
    }

    [Fact]
    public async Task Cancelling_a_watch_ends_it_without_an_error()
    {
        using var cts = new CancellationTokenSource();
        var watch = Store.Watch(WatchRequest.Prefix(Prefix));
        var reading = Task.Run(async () =>
        {
            await foreach (var _ in watch.WithCancellation(cts.Token)) { }
        });

        await cts.CancelAsync();

        var finished = await Task.WhenAny(reading, Task.Delay(WatchWait));
        Assert.Same(reading, finished);
        try
        {
            await reading;
        }
        catch (OperationCanceledException)
        {
            // Also acceptable: the enumeration observed the cancellation as .NET usually does.
        }
    }

    [Fact]
    public async Task A_slow_watcher_does_not_hold_up_writers_or_other_watchers()
    {
        var start = await PutAsync("seed", "0");
        await using var slow = Store.Watch(WatchRequest.Prefix(Prefix, start + 1)).GetAsyncEnumerator();
        await using var fast = Store.Watch(WatchRequest.Prefix(Prefix, start + 1)).GetAsyncEnumerator();
        Assert.True(await Task.Run(async () =>
        {
            for (var i = 0; i < 2000; i++) await PutAsync($"k{i % 50}", new string('x', 100));
            return true;
        }).WaitAsync(TimeSpan.FromSeconds(60)));

        var events = await ReadEventsAsync(fast, 2000);

        Assert.Equal(2000, events.Count);
        Assert.Equal(2000, events.Select(e => e.Kv.ModRevision).Distinct().Count());
    }
}
