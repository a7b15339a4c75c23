using System.Collections.Concurrent;
using Cluster.Api.Core.V1;
using Cluster.Controllers.Scheduling.Queue;
using Cluster.Runtime;
using Cluster.TestKit;
using static Cluster.Controllers.Tests.Scheduling.Queue.QueueTestPods;

namespace Cluster.Controllers.Tests.Scheduling.Queue;

public sealed class QueueLifecycleTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(SubQueue.Active)]
    [InlineData(SubQueue.Backoff)]
    [InlineData(SubQueue.Unschedulable)]
    public async Task Delete_removes_the_pod_from_any_sub_queue(SubQueue where)
    {
        var (queue, _) = NewQueue();
        var pod = Pod("p");
        queue.Add(pod);
        if (where != SubQueue.Active)
        {
            var info = (await queue.PopAsync(CancellationToken.None))!;
            queue.AddUnschedulableIfNotPresent(info, info.Cycle, where == SubQueue.Backoff ? [] : [Fit]);
        }
        Assert.Equal(where, queue.QueueOf(ObjectKeyOf(pod)));
        queue.Delete(pod);
        Assert.Null(queue.QueueOf(ObjectKeyOf(pod)));
        Assert.Equal(new PendingCounts(0, 0, 0, 0), queue.Pending);
        Assert.Empty(queue.PendingPods());
    }

    [Fact]
    public async Task A_pod_deleted_during_its_attempt_is_not_queued_again()
    {
        var (queue, _) = NewQueue();
        var pod = Pod("p");
        queue.Add(pod);
        var info = (await queue.PopAsync(CancellationToken.None))!;
        queue.Delete(pod);
        Assert.False(queue.AddUnschedulableIfNotPresent(info, info.Cycle, [Fit]));
        Assert.Equal(0, queue.Pending.Total);
    }

    [Fact]
    public async Task Pop_waits_for_a_pod()
    {
        var (queue, _) = NewQueue();
        var pop = queue.PopAsync(CancellationToken.None);
        Assert.False(pop.IsCompleted);
        queue.Add(Pod("p"));
        var info = await pop.AsTask().WaitAsync(Bound);
        Assert.Equal("p", info!.Pod.Metadata!.Name);
        Assert.Equal(1, info.Cycle);
    }

    [Fact]
    public async Task Pop_wakes_when_a_backoff_flush_activates_a_pod()
    {
        var (queue, time) = NewQueue();
        queue.Add(Pod("p"));
        queue.RequeueAfterError((await queue.PopAsync(CancellationToken.None))!);
        var pop = queue.PopAsync(CancellationToken.None);
        Assert.False(pop.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        queue.FlushBackoffCompleted();
        Assert.Equal(2, (await pop.AsTask().WaitAsync(Bound))!.Attempts);
    }

    [Fact]
    public async Task Pop_is_cancellable()
    {
        var (queue, _) = NewQueue();
        using var cts = new CancellationTokenSource();
        var pop = queue.PopAsync(cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pop.AsTask().WaitAsync(Bound));
        queue.Add(Pod("p"));
        Assert.Equal(1, queue.Pending.Active);
    }

    [Fact]
    public async Task Close_releases_waiting_pops_with_null()
    {
        var (queue, _) = NewQueue();
        var pop = queue.PopAsync(CancellationToken.None);
        queue.Close();
        Assert.Null(await pop.AsTask().WaitAsync(Bound));
    }

    [Fact]
    public async Task RunAsync_flushes_backoffQ_on_the_clock()
    {
        var (queue, time) = NewQueue();
        queue.Add(Pod("p"));
        queue.RequeueAfterError((await queue.PopAsync(CancellationToken.None))!);
        using var cts = new CancellationTokenSource();
        var run = queue.RunAsync(cts.Token);
        await Eventually.TrueAsync(() => time.ArmedTimers > 0, Bound, "the flush timer is armed");
        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => queue.Pending.Active == 1, Bound, "the pod left backoffQ");
        await cts.CancelAsync();
        await run.WaitAsync(Bound);
    }

    [Fact]
    public async Task Concurrent_adds_and_pops_lose_no_pod()
    {
        const int producers = 4;
        const int perProducer = 2_500;
        var popped = new ConcurrentDictionary<string, int>();
        var counts = new ConcurrentDictionary<string, int>();
        var (queue, _) = NewQueue(new SchedulingQueueOptions { DominantShare = ns => counts.GetValueOrDefault(ns) });
        var consumers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (await queue.PopAsync(CancellationToken.None) is { } info)
            {
                counts.AddOrUpdate(info.Namespace, 1, (_, n) => n + 1);
                popped.AddOrUpdate(info.Key.ToString(), 1, (_, n) => n + 1);
                if (info.Attempts == 1 && info.Key.Name.EndsWith('7')) queue.RequeueAfterError(info);
                else queue.Done(info.Uid);
            }
        })).ToArray();
        var adds = Enumerable.Range(0, producers).Select(p => Task.Run(() =>
        {
            for (var i = 0; i < perProducer; i++) queue.Add(Pod($"pod-{i}", $"ns-{p}-{i % 3}"));
        })).ToArray();
        await Task.WhenAll(adds).WaitAsync(Bound);
        await Eventually.TrueAsync(() => queue.Pending == new PendingCounts(0, producers * perProducer / 10, 0, 0), Bound,
            "every pod was popped once, and those ending in 7 wait in backoffQ");
        queue.Activate(queue.PendingPods());
        await Eventually.TrueAsync(() => queue.Pending.Total == 0, Bound, "every retried pod was popped");
        queue.Close();
        await Task.WhenAll(consumers).WaitAsync(Bound);
        Assert.Equal(producers * perProducer, popped.Count);
        Assert.All(popped, kv => Assert.Equal(kv.Key.EndsWith('7') ? 2 : 1, kv.Value));
    }

    private static ObjectKey ObjectKeyOf(Pod pod) => ObjectKey.Of(pod);
}
