using Cluster.Runtime.Queue;
using Cluster.TestKit;

namespace Cluster.Runtime.Tests.Queue;

public sealed class DelayedAddTests
{
    public static TheoryData<int[], int> Deadlines => new()
    {
        { [5], 5 },
        { [10, 3, 5], 3 },
        { [3, 10], 3 },
        { [7, 7], 7 },
    };

    [Theory]
    [MemberData(nameof(Deadlines))]
    public async Task An_item_added_after_several_delays_arrives_once_at_the_earliest_deadline(int[] delaysSeconds, int expectedSeconds)
    {
        var time = new ManualTime();
        using var queue = new WorkQueue<string>("q", time: time);
        foreach (var delay in delaysSeconds) queue.AddAfter("a", TimeSpan.FromSeconds(delay));
        time.Advance(TimeSpan.FromSeconds(expectedSeconds) - TimeSpan.FromTicks(1));
        Assert.Equal(0, queue.Count);
        time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(["a"], await queue.DrainQueuedAsync());
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task Delayed_items_arrive_in_deadline_order()
    {
        var time = new ManualTime();
        using var queue = new WorkQueue<string>("q", time: time);
        queue.AddAfter("b", TimeSpan.FromSeconds(2));
        queue.AddAfter("c", TimeSpan.FromSeconds(3));
        queue.AddAfter("a", TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(["a", "b", "c"], await queue.DrainQueuedAsync());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_delay_that_is_not_positive_adds_at_once(int delaySeconds)
    {
        using var queue = new WorkQueue<string>("q", time: new ManualTime());
        queue.AddAfter("a", TimeSpan.FromSeconds(delaySeconds));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void A_delayed_item_already_queued_is_not_queued_twice()
    {
        var time = new ManualTime();
        using var queue = new WorkQueue<string>("q", time: time);
        queue.Add("a");
        queue.AddAfter("a", TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void Delays_beyond_what_a_system_timer_accepts_do_not_throw()
    {
        using var queue = new WorkQueue<string>("q");
        queue.AddAfter("a", TimeSpan.FromDays(60));
        queue.AddAfter("b", TimeSpan.MaxValue);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void A_delay_of_many_days_arrives_when_it_is_due()
    {
        var time = new ManualTime();
        using var queue = new WorkQueue<string>("q", time: time);
        queue.AddAfter("a", TimeSpan.FromDays(60));
        time.Advance(TimeSpan.FromDays(59));
        Assert.Equal(0, queue.Count);
        time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public async Task Rate_limited_adds_wait_for_the_backoff_and_forget_resets_it()
    {
        var time = new ManualTime();
        using var queue = new WorkQueue<string>("q", new ExponentialFailureRateLimiter<string>(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)), time);
        queue.AddRateLimited("a");
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(0, queue.Count);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(["a"], await queue.DrainQueuedAsync());
        queue.AddRateLimited("a");
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, queue.Count);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Count);
        Assert.Equal(2, queue.NumRequeues("a"));
        queue.Forget("a");
        Assert.Equal(0, queue.NumRequeues("a"));
    }
}
