using Cluster.Controllers.Scheduling.Queue;
using static Cluster.Controllers.Tests.Scheduling.Queue.QueueTestPods;

namespace Cluster.Controllers.Tests.Scheduling.Queue;

public sealed class FairnessTests
{
    /// <summary>
    /// Plays the scheduler: every popped pod is allocated at once (its CPU counted for its namespace), and the dominant
    /// share is the namespace's fraction of the cluster's CPU.
    /// </summary>
    private sealed class Allocations(double clusterCpu, Dictionary<string, double> cpuPerPod)
    {
        public Dictionary<string, double> Cpu { get; } = [];

        public double Share(string ns) => Cpu.GetValueOrDefault(ns) / clusterCpu;

        public void Allocate(string ns) => Cpu[ns] = Cpu.GetValueOrDefault(ns) + cpuPerPod[ns];
    }

    private static (SchedulingQueue Queue, Allocations Allocations) FairQueue(double floodCpu, double smallCpu)
    {
        var allocations = new Allocations(10_000, new() { ["flood"] = floodCpu, ["small"] = smallCpu });
        var (queue, _) = NewQueue(new SchedulingQueueOptions { Plugins = QueueTestPods.Plugins, DominantShare = allocations.Share });
        for (var i = 0; i < 1000; i++) queue.Add(Pod($"flood-{i}", "flood"));
        for (var i = 0; i < 10; i++) queue.Add(Pod($"small-{i}", "small"));
        return (queue, allocations);
    }

    private static async Task<List<(string Ns, string Name)>> PopAllocatingAsync(SchedulingQueue queue, Allocations allocations, int count)
    {
        var popped = new List<(string, string)>();
        for (var i = 0; i < count; i++)
        {
            var info = (await queue.PopAsync(CancellationToken.None))!;
            allocations.Allocate(info.Namespace);
            popped.Add((info.Namespace, info.Pod.Metadata!.Name!));
            queue.Done(info.Uid);
        }
        return popped;
    }

    [Fact]
    public async Task A_namespace_flooding_the_queue_does_not_starve_another_with_equal_demands()
    {
        var (queue, allocations) = FairQueue(floodCpu: 1, smallCpu: 1);
        var popped = await PopAllocatingAsync(queue, allocations, 20);

        // Equal shares break ties by enqueue order, so the flood (enqueued first) leads each round.
        Assert.Equal(Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? "flood" : "small"), popped.Select(p => p.Ns));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"small-{i}"), popped.Where(p => p.Ns == "small").Select(p => p.Name));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"flood-{i}"), popped.Where(p => p.Ns == "flood").Select(p => p.Name));
        Assert.Equal(990, queue.Pending.Active);
    }

    [Fact]
    public async Task Pods_interleave_according_to_dominant_shares()
    {
        var (queue, allocations) = FairQueue(floodCpu: 1, smallCpu: 2);
        var popped = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            string[] waiting = popped.Count(ns => ns == "small") < 10 ? ["flood", "small"] : ["flood"];
            var before = waiting.ToDictionary(ns => ns, allocations.Share);
            var ns = (await PopAllocatingAsync(queue, allocations, 1))[0].Ns;
            Assert.Equal(before.Values.Min(), before[ns]);
            popped.Add(ns);
        }

        // A small pod costs twice a flood pod, so the flood gets two pops for each of the small namespace's.
        Assert.Equal(10, popped.Count(ns => ns == "small"));
        Assert.Equal(20, popped.Count(ns => ns == "flood"));
    }

    [Fact]
    public async Task Shares_are_read_at_every_pop_so_outside_allocations_count()
    {
        var shares = new Dictionary<string, double> { ["a"] = 0, ["b"] = 0.5 };
        var (queue, _) = NewQueue(new SchedulingQueueOptions { DominantShare = ns => shares[ns] });
        queue.Add(Pod("a1", "a"));
        queue.Add(Pod("a2", "a"));
        queue.Add(Pod("b1", "b"));
        Assert.Equal("a1", (await queue.PopAsync(CancellationToken.None))!.Pod.Metadata!.Name);
        shares["a"] = 0.9;
        Assert.Equal("b1", (await queue.PopAsync(CancellationToken.None))!.Pod.Metadata!.Name);
    }

    [Fact]
    public async Task Priority_outranks_fairness()
    {
        var shares = new Dictionary<string, double> { ["rich"] = 0.9, ["poor"] = 0.0 };
        var (queue, _) = NewQueue(new SchedulingQueueOptions { DominantShare = ns => shares[ns] });
        queue.Add(Pod("poor-low", "poor", priority: 1));
        queue.Add(Pod("rich-high", "rich", priority: 10));
        queue.Add(Pod("rich-low", "rich", priority: 1));
        Assert.Equal(["rich-high", "poor-low", "rich-low"], await queue.DrainAsync());
    }

    [Fact]
    public async Task Within_a_namespace_fairness_keeps_priority_then_FIFO()
    {
        var (queue, _) = NewQueue(new SchedulingQueueOptions { DominantShare = _ => 0 });
        queue.Add(Pod("first", "a"));
        queue.Add(Pod("urgent", "a", priority: 5));
        queue.Add(Pod("second", "a"));
        Assert.Equal(["urgent", "first", "second"], await queue.DrainAsync());
    }
}
