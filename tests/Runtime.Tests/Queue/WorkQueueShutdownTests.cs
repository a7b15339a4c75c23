using Cluster.Runtime.Queue;
using Cluster.TestKit;
using static Cluster.Runtime.Tests.Queue.QueueTestHelpers;

namespace Cluster.Runtime.Tests.Queue;

public sealed class WorkQueueShutdownTests
{
    [Fact]
    public async Task Shutdown_wakes_every_waiting_worker_and_ignores_later_adds()
    {
        using var queue = new WorkQueue<string>("q");
        var waiting = Enumerable.Range(0, 3).Select(_ => queue.GetAsync().AsTask()).ToArray();
        queue.ShutDown();
        Assert.All(await Task.WhenAll(waiting).WaitAsync(Bound), w => Assert.True(w.ShutDown));
        queue.Add("late");
        queue.AddAfter("later", TimeSpan.Zero);
        Assert.True(queue.IsShuttingDown);
        Assert.True((await queue.GetAsync()).ShutDown);
    }

    [Fact]
    public async Task Items_queued_before_shutdown_are_still_handed_out_then_shutdown_is_reported()
    {
        using var queue = new WorkQueue<string>("q");
        queue.Add("a");
        queue.Add("b");
        queue.ShutDown();
        Assert.Equal(["a", "b"], await queue.DrainQueuedAsync());
        Assert.True((await queue.GetAsync()).ShutDown);
    }

    [Fact]
    public async Task Shutdown_drops_delayed_adds_that_are_not_yet_due()
    {
        var time = new ManualTime();
        using var queue = new WorkQueue<string>("q", time: time);
        queue.AddAfter("a", TimeSpan.FromSeconds(1));
        queue.ShutDown();
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, queue.Count);
        Assert.True((await queue.GetAsync()).ShutDown);
    }

    [Fact]
    public async Task Shutdown_with_drain_waits_until_every_item_in_progress_is_done()
    {
        using var queue = new WorkQueue<string>("q");
        queue.Add("a");
        queue.Add("b");
        var a = await queue.NextAsync();
        var b = await queue.NextAsync();
        var draining = queue.ShutDownWithDrainAsync(CancellationToken.None);
        Assert.True((await queue.GetAsync()).ShutDown);
        queue.Done(a);
        Assert.False(draining.IsCompleted);
        queue.Done(b);
        await draining.WaitAsync(Bound);
    }

    [Fact]
    public async Task Shutdown_with_drain_completes_at_once_when_nothing_is_in_progress()
    {
        using var queue = new WorkQueue<string>("q");
        await queue.ShutDownWithDrainAsync(CancellationToken.None).WaitAsync(Bound);
        Assert.True(queue.IsShuttingDown);
    }

    [Fact]
    public async Task Shutdown_with_drain_gives_up_when_its_token_fires()
    {
        using var queue = new WorkQueue<string>("q");
        queue.Add("a");
        _ = await queue.NextAsync();
        using var cts = new CancellationTokenSource();
        var draining = queue.ShutDownWithDrainAsync(cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => draining.WaitAsync(Bound));
    }
}
