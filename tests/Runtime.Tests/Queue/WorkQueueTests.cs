using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Cluster.Runtime.Queue;
using Cluster.TestKit;

namespace Cluster.Runtime.Tests.Queue;

public sealed class WorkQueueTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static async Task<string> Next(WorkQueue<string> queue)
    {
        using var cts = new CancellationTokenSource(Timeout);
        var item = await queue.GetAsync(cts.Token);
        Assert.False(item.ShutDown);
        return item.Item;
    }

    [Fact]
    public async Task An_item_added_many_times_is_handed_out_once_in_fifo_order()
    {
        using var queue = new WorkQueue<string>("q");
        queue.Add("a");
        queue.Add("b");
        queue.Add("a");
        queue.Add("c");
        queue.Add("b");
        Assert.Equal(3, queue.Count);
        Assert.Equal("a", await Next(queue));
        Assert.Equal("b", await Next(queue));
        Assert.Equal("c", await Next(queue));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task An_item_added_while_processing_is_queued_again_only_after_done()
    {
        using var queue = new WorkQueue<string>("q");
        queue.Add("a");
        var first = await Next(queue);
        queue.Add("a");
        Assert.Equal(0, queue.Count);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await queue.GetAsync(cts.Token));
        queue.Done(first);
        Assert.Equal("a", await Next(queue));
    }

    [Fact]
    public async Task A_waiting_worker_gets_the_next_item_added()
    {
        using var queue = new WorkQueue<string>("q");
        var waiting = queue.GetAsync().AsTask();
        Assert.False(waiting.IsCompleted);
        queue.Add("x");
        Assert.Equal("x", (await waiting.WaitAsync(Timeout)).Item);
    }

    [Fact]
    public async Task Many_workers_never_hold_one_key_at_once_and_every_key_is_processed()
    {
        using var queue = new WorkQueue<int>("stress");
        var held = new ConcurrentDictionary<int, int>();
        var processed = new ConcurrentDictionary<int, int>();
        var overlaps = 0;
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var work = await queue.GetAsync();
                if (work.ShutDown) return;
                try
                {
                    if (!held.TryAdd(work.Item, 1)) Interlocked.Increment(ref overlaps);
                    await Task.Yield();
                    processed.AddOrUpdate(work.Item, 1, (_, n) => n + 1);
                    held.TryRemove(work.Item, out _);
                }
                finally
                {
                    queue.Done(work.Item);
                }
            }
        })).ToArray();
        var adders = Enumerable.Range(0, 4).Select(a => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++) queue.Add((i * 7 + a) % 50);
        })).ToArray();
        await Task.WhenAll(adders).WaitAsync(Timeout);
        await queue.ShutDownWithDrainAsync(new CancellationTokenSource(Timeout).Token);
        await Task.WhenAll(workers).WaitAsync(Timeout);
        Assert.Equal(0, overlaps);
        Assert.Equal(50, processed.Count);
    }

    [Fact]
    public async Task Add_after_fires_at_the_deadline_and_the_earliest_deadline_wins()
    {
        var time = new ManualTime();
        using var queue = new WorkQueue<string>("q", time: time);
        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        queue.AddAfter("a", TimeSpan.FromSeconds(3));
        queue.AddAfter("a", TimeSpan.FromSeconds(5));
        time.Advance(TimeSpan.FromSeconds(2.9));
        Assert.Equal(0, queue.Count);
        time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(1, queue.Count);
        Assert.Equal("a", await Next(queue));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void Exponential_backoff_doubles_from_5_ms_to_a_1000_s_cap_and_forget_resets_it()
    {
        var limiter = ExponentialFailureRateLimiter<string>.Default();
        var delays = Enumerable.Range(0, 5).Select(_ => limiter.When("a").TotalMilliseconds).ToArray();
        Assert.Equal([5, 10, 20, 40, 80], delays);
        Assert.Equal(5, limiter.NumRequeues("a"));
        for (var i = 0; i < 100; i++) limiter.When("a");
        Assert.Equal(TimeSpan.FromSeconds(1000), limiter.When("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("b"));
        limiter.Forget("a");
        Assert.Equal(0, limiter.NumRequeues("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("a"));
    }

    [Fact]
    public void The_token_bucket_allows_its_burst_then_spaces_retries_at_its_rate()
    {
        var time = new ManualTime();
        var bucket = new TokenBucketRateLimiter<string>(10, 100, time);
        for (var i = 0; i < 100; i++) Assert.Equal(TimeSpan.Zero, bucket.When("x"));
        Assert.Equal(TimeSpan.FromMilliseconds(100), bucket.When("x"));
        Assert.Equal(TimeSpan.FromMilliseconds(200), bucket.When("x"));
        time.Advance(TimeSpan.FromSeconds(1)); // ten tokens back, two of them owed
        for (var i = 0; i < 8; i++) Assert.Equal(TimeSpan.Zero, bucket.When("x"));
        Assert.Equal(TimeSpan.FromMilliseconds(100), bucket.When("x"));
    }

    [Fact]
    public void The_default_controller_limiter_takes_the_larger_of_backoff_and_bucket()
    {
        var time = new ManualTime();
        var limiter = RateLimiters.DefaultController<string>(time);
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(10), limiter.When("a"));
        for (var i = 0; i < 98; i++) limiter.When("other" + i);
        Assert.Equal(TimeSpan.FromMilliseconds(100), limiter.When("fresh")); // bucket empty: 1/10 s beats 5 ms
    }

    [Fact]
    public async Task Rate_limited_adds_wait_for_the_backoff()
    {
        var time = new ManualTime();
        using var queue = new WorkQueue<string>("q", new ExponentialFailureRateLimiter<string>(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)), time);
        queue.AddRateLimited("a");
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(0, queue.Count);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("a", await Next(queue));
        queue.Done("a");
        queue.AddRateLimited("a");
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, queue.Count);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Count);
        Assert.Equal(2, queue.NumRequeues("a"));
    }

    [Fact]
    public async Task Shutdown_wakes_waiting_workers_and_ignores_later_adds()
    {
        using var queue = new WorkQueue<string>("q");
        var waiting = queue.GetAsync().AsTask();
        queue.ShutDown();
        Assert.True((await waiting.WaitAsync(Timeout)).ShutDown);
        queue.Add("late");
        Assert.True((await queue.GetAsync()).ShutDown);
    }

    [Fact]
    public async Task Shutdown_with_drain_waits_for_items_in_progress()
    {
        using var queue = new WorkQueue<string>("q");
        queue.Add("a");
        var item = await Next(queue);
        var draining = queue.ShutDownWithDrainAsync(CancellationToken.None);
        Assert.False(draining.IsCompleted);
        queue.Done(item);
        await draining.WaitAsync(Timeout);
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
        Assert.Equal("a", await Next(queue));
    }

    [Fact]
    public async Task Metrics_use_the_upstream_names_with_the_queue_name()
    {
        using var meter = new Meter("test-" + Guid.NewGuid());
        var metrics = new WorkQueueMetrics(meter);
        var seen = new ConcurrentDictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) => { if (instrument.Meter == meter) l.EnableMeasurementEvents(instrument); };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => { if (tags[0].Value as string == "m") seen.AddOrUpdate(i.Name, v, (_, o) => o + v); });
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => { if (tags[0].Value as string == "m") seen[i.Name] = v; });
        listener.Start();
        using var queue = new WorkQueue<string>("m", time: new ManualTime(), metrics: metrics);
        queue.Add("a");
        queue.Add("b");
        var a = await Next(queue);
        queue.Done(a);
        queue.AddRateLimited("a");
        listener.RecordObservableInstruments();
        Assert.Equal(2, seen["workqueue_adds_total"]);
        Assert.Equal(1, seen["workqueue_depth"]);
        Assert.Equal(1, seen["workqueue_retries_total"]);
        Assert.True(seen.ContainsKey("workqueue_queue_duration_seconds"));
        Assert.True(seen.ContainsKey("workqueue_work_duration_seconds"));
        Assert.True(seen.ContainsKey("workqueue_unfinished_work_seconds"));
        Assert.True(seen.ContainsKey("workqueue_longest_running_processor_seconds"));
    }
}
