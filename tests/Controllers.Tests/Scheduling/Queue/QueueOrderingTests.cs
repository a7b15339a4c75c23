using static Cluster.Controllers.Tests.Scheduling.Queue.QueueTestPods;

namespace Cluster.Controllers.Tests.Scheduling.Queue;

public sealed class QueueOrderingTests
{
    public static TheoryData<string, (string Name, string Ns, int? Priority)[], string[]> UpstreamOrders => new()
    {
        { "higher priority first", [("low", "a", 1), ("high", "a", 100), ("mid", "a", 50)], ["high", "mid", "low"] },
        { "unset priority counts as zero", [("none", "a", null), ("neg", "a", -5), ("pos", "a", 5)], ["pos", "none", "neg"] },
        { "FIFO within a priority", [("first", "a", 0), ("second", "a", 0), ("third", "a", 0)], ["first", "second", "third"] },
        { "FIFO across namespaces", [("a1", "a", 0), ("b1", "b", 0), ("a2", "a", 0), ("b2", "b", 0)], ["a1", "b1", "a2", "b2"] },
        { "priority across namespaces", [("a-low", "a", 1), ("b-high", "b", 9), ("a-high", "a", 9)], ["b-high", "a-high", "a-low"] },
    };

    [Theory]
    [MemberData(nameof(UpstreamOrders))]
    public async Task Without_fairness_pods_pop_by_priority_then_enqueue_order(string why, (string Name, string Ns, int? Priority)[] added, string[] expected)
    {
        var (queue, _) = NewQueue();
        foreach (var (name, ns, priority) in added) queue.Add(Pod(name, ns, priority));
        Assert.True(expected.SequenceEqual(await queue.DrainAsync()), why);
    }

    [Fact]
    public async Task Later_timestamps_pop_later_even_when_added_first_to_another_namespace()
    {
        var (queue, time) = NewQueue();
        queue.Add(Pod("early", "z"));
        time.Advance(TimeSpan.FromSeconds(1));
        queue.Add(Pod("late", "a"));
        Assert.Equal(["early", "late"], await queue.DrainAsync());
    }

    [Fact]
    public async Task Raising_the_priority_of_a_queued_pod_moves_it_ahead()
    {
        var (queue, _) = NewQueue();
        queue.Add(Pod("one"));
        var two = Pod("two");
        queue.Add(two);
        queue.Update(two, two with { Spec = two.Spec! with { Priority = 10 } });
        Assert.Equal(["two", "one"], await queue.DrainAsync());
    }

    [Fact]
    public async Task Without_fairness_a_flooding_namespace_goes_first_as_upstream()
    {
        var (queue, _) = NewQueue();
        for (var i = 0; i < 1000; i++) queue.Add(Pod($"flood-{i}", "flood"));
        for (var i = 0; i < 10; i++) queue.Add(Pod($"small-{i}", "small"));
        var order = await queue.DrainAsync();
        Assert.Equal(1000, order.FindIndex(n => n.StartsWith("small", StringComparison.Ordinal)));
    }
}
