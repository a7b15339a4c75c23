using System.Collections.Concurrent;
using Cluster.Runtime.Queue;
using static Cluster.Runtime.Tests.Queue.QueueTestHelpers;

namespace Cluster.Runtime.Tests.Queue;

public sealed class WorkQueueTests
{
    [Fact]
    public async Task An_item_added_many_times_is_handed_out_once_in_fifo_order()
    {
        using var queue = new WorkQueue<string>("q");
        foreach (var item in new[] { "a", "b", "a", "c", "b" }) queue.Add(item);
        Assert.Equal(3, queue.Count);
        Assert.Equal(["a", "b", "c"], await queue.DrainQueuedAsync());
    }

    [Fact]
    public async Task An_item_added_while_processing_is_queued_again_only_after_done()
    {
        using var queue = new WorkQueue<string>("q");
        queue.Add("a");
        var first = await queue.NextAsync();
        queue.Add("a");
        queue.Add("a");
        Assert.Equal(0, queue.Count);
        using var cts = new CancellationTokenSource(Bound);
        var second = queue.GetAsync(cts.Token);
        Assert.False(second.IsCompleted);
        queue.Done(first);
        Assert.Equal("a", (await second).Item);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task An_item_re_added_while_processing_goes_behind_items_queued_meanwhile()
    {
        using var queue = new WorkQueue<string>("q");
        queue.Add("a");
        var a = await queue.NextAsync();
        queue.Add("a");
        queue.Add("b");
        queue.Done(a);
        Assert.Equal(["b", "a"], await queue.DrainQueuedAsync());
    }

    [Fact]
    public async Task Waiting_workers_are_served_in_the_order_they_asked()
    {
        using var queue = new WorkQueue<string>("q");
        var first = queue.GetAsync().AsTask();
        var second = queue.GetAsync().AsTask();
        queue.Add("x");
        queue.Add("y");
        Assert.Equal("x", (await first.WaitAsync(Bound)).Item);
        Assert.Equal("y", (await second.WaitAsync(Bound)).Item);
    }

    [Fact]
    public async Task Done_for_an_item_not_in_progress_changes_nothing()
    {
        using var queue = new WorkQueue<string>("q");
        queue.Add("a");
        queue.Done("a");
        queue.Done("never-added");
        Assert.Equal(1, queue.Count);
        Assert.Equal("a", await queue.NextAsync());
    }

    [Fact]
    public async Task A_cancelled_waiter_does_not_swallow_an_item()
    {
        using var queue = new WorkQueue<string>("q");
        using (var cts = new CancellationTokenSource())
        {
            var abandoned = queue.GetAsync(cts.Token).AsTask();
            await cts.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        }
        queue.Add("a");
        Assert.Equal("a", await queue.NextAsync());
    }

    [Fact]
    public async Task A_waiter_cancelled_as_an_item_arrives_either_gets_it_or_leaves_it_queued()
    {
        using var queue = new WorkQueue<int>("q");
        for (var i = 0; i < 500; i++)
        {
            using var cts = new CancellationTokenSource();
            var get = queue.GetAsync(cts.Token).AsTask();
            var cancel = Task.Run(cts.Cancel);
            queue.Add(i);
            await cancel.WaitAsync(Bound);
            int got;
            try
            {
                got = (await get.WaitAsync(Bound)).Item;
            }
            catch (OperationCanceledException)
            {
                got = await queue.NextAsync();
            }
            Assert.Equal(i, got);
            queue.Done(got);
            Assert.Equal(0, queue.Count);
        }
    }

    [Fact]
    public async Task Many_workers_never_hold_one_key_at_once_and_every_key_is_processed()
    {
        using var queue = new WorkQueue<int>("stress");
        var held = new ConcurrentDictionary<int, bool>();
        var processed = new ConcurrentDictionary<int, int>();
        var overlaps = 0;
        async ValueTask Process(int key, CancellationToken ct)
        {
            if (!held.TryAdd(key, true)) Interlocked.Increment(ref overlaps);
            await Task.Yield();
            processed.AddOrUpdate(key, 1, (_, n) => n + 1);
            held.TryRemove(key, out _);
        }
        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (await queue.ProcessNextAsync(Process)) { }
        })).ToArray();
        var adders = Enumerable.Range(0, 4).Select(a => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++) queue.Add((i * 7 + a) % 50);
        })).ToArray();
        await Task.WhenAll(adders).WaitAsync(Bound);
        using var drainBound = new CancellationTokenSource(Bound);
        await queue.ShutDownWithDrainAsync(drainBound.Token);
        await Task.WhenAll(workers).WaitAsync(Bound);
        Assert.Equal(0, overlaps);
        Assert.Equal(50, processed.Count);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task Process_next_marks_the_item_done_even_when_processing_throws()
    {
        using var queue = new WorkQueue<string>("q");
        queue.Add("a");
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await queue.ProcessNextAsync((_, _) => throw new InvalidOperationException("boom")));
        queue.Add("a"); // were "a" still in progress, this would only mark it dirty
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public async Task Process_next_returns_false_without_processing_once_shut_down()
    {
        using var queue = new WorkQueue<string>("q");
        queue.ShutDown();
        var called = false;
        Assert.False(await queue.ProcessNextAsync((_, _) =>
        {
            called = true;
            return ValueTask.CompletedTask;
        }));
        Assert.False(called);
    }
}
