using Cluster.Controllers.Scheduling.Cache;
using Cluster.Controllers.Scheduling.Framework;
using Cluster.TestKit;
using static Cluster.Controllers.Tests.Scheduling.SchedulingObjects;

namespace Cluster.Controllers.Tests.Scheduling.Framework;

public sealed class LargeClusterSchedulingTests
{
    [Fact]
    public void Two_hundred_pods_spread_over_five_thousand_busy_nodes_with_the_default_profile()
    {
        var cache = new SchedulerCache(new ManualTime());
        for (var n = 0; n < 5000; n++)
        {
            var node = $"node-{n:D4}";
            cache.AddNode(Node(node));
            cache.AddPod(Pod($"{node}-a").OnNode(node));
            cache.AddPod(Pod($"{node}-b").OnNode(node));
        }
        var algorithm = new SchedulingAlgorithm(SchedulerProfile.Default(), new Random(5000));
        var snapshot = new Snapshot();

        var placed = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            cache.UpdateSnapshot(snapshot);
            var pod = PodInfo.Of(Pod($"new-{i}"));
            var result = algorithm.Schedule(pod, snapshot);
            Assert.True(result.Node is not null, result.Error?.Message);
            Assert.Equal(500, result.FeasibleNodes); // 10% of 5000 nodes are scored
            cache.AssumePod(pod, result.Node!);
            placed.Add(result.Node!);
        }

        // Least-allocated scoring with rotating scans never stacks a second new pod while emptier nodes are in view.
        Assert.Equal(200, placed.Distinct().Count());
        Assert.Equal(10_200, cache.PodCount);
    }
}
