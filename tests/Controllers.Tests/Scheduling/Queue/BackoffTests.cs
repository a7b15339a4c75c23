using Cluster.Controllers.Scheduling.Queue;
using static Cluster.Controllers.Tests.Scheduling.Queue.QueueTestPods;

namespace Cluster.Controllers.Tests.Scheduling.Queue;

public sealed class BackoffTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    [Theory]
    [InlineData(1, 1, 10, 1)]
    [InlineData(2, 1, 10, 2)]
    [InlineData(3, 1, 10, 4)]
    [InlineData(4, 1, 10, 8)]
    [InlineData(5, 1, 10, 10)]
    [InlineData(6, 1, 10, 10)]
    [InlineData(100, 1, 10, 10)]
    [InlineData(0, 1, 10, 1)]
    [InlineData(3, 2, 5, 5)]
    [InlineData(2, 2, 5, 4)]
    public void Backoff_doubles_per_attempt_up_to_the_cap(int attempts, int initialSeconds, int maxSeconds, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds),
            new BackoffPolicy(TimeSpan.FromSeconds(initialSeconds), TimeSpan.FromSeconds(maxSeconds)).Duration(attempts));

    [Fact]
    public async Task A_failing_pod_waits_1_2_4_8_10_10_seconds_in_backoffQ()
    {
        var (queue, time) = NewQueue();
        var pod = Pod("p");
        queue.Add(pod);
        var observed = new List<double>();
        for (var attempt = 1; attempt <= 6; attempt++)
        {
            var info = await queue.PopAsync(pod);
            Assert.Equal(attempt, info.Attempts);
            Assert.True(queue.RequeueAfterError(info));
            var waited = TimeSpan.Zero;
            while (queue.QueueOf(info.Key) == SubQueue.Backoff)
            {
                time.Advance(Tick);
                waited += Tick;
                queue.FlushBackoffCompleted();
            }
            Assert.Equal(SubQueue.Active, queue.QueueOf(info.Key));
            observed.Add(waited.TotalSeconds);
        }
        Assert.Equal([1, 2, 4, 8, 10, 10], observed);
    }

    [Fact]
    public async Task A_configured_backoff_is_used()
    {
        var (queue, time) = NewQueue(new SchedulingQueueOptions { Backoff = new(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4)) });
        queue.Add(Pod("p"));
        var info = (await queue.PopAsync(CancellationToken.None))!;
        queue.RequeueAfterError(info);
        time.Advance(TimeSpan.FromSeconds(3) - Tick);
        queue.FlushBackoffCompleted();
        Assert.Equal(SubQueue.Backoff, queue.QueueOf(info.Key));
        time.Advance(Tick);
        queue.FlushBackoffCompleted();
        Assert.Equal(SubQueue.Active, queue.QueueOf(info.Key));
    }

    [Fact]
    public async Task The_backoff_flush_releases_only_pods_whose_backoff_ended()
    {
        var (queue, time) = NewQueue();
        var a = Pod("a");
        var b = Pod("b");
        queue.Add(a);
        queue.Add(b);
        var infoA = await queue.PopAsync(a);
        var infoB = await queue.PopAsync(b);
        queue.RequeueAfterError(infoA);
        time.Advance(TimeSpan.FromMilliseconds(500));
        queue.RequeueAfterError(infoB);
        time.Advance(TimeSpan.FromMilliseconds(600));
        queue.FlushBackoffCompleted();
        Assert.Equal((SubQueue.Active, SubQueue.Backoff), (queue.QueueOf(infoA.Key), queue.QueueOf(infoB.Key)));
        time.Advance(TimeSpan.FromMilliseconds(400));
        queue.FlushBackoffCompleted();
        Assert.Equal(new PendingCounts(2, 0, 0, 0), queue.Pending);
    }

    [Fact]
    public async Task A_transient_error_sends_the_pod_to_backoffQ_even_without_events()
    {
        var (queue, _) = NewQueue();
        queue.Add(Pod("p"));
        var info = (await queue.PopAsync(CancellationToken.None))!;
        Assert.True(queue.RequeueAfterError(info));
        Assert.Equal(new PendingCounts(0, 1, 0, 0), queue.Pending);
    }
}
