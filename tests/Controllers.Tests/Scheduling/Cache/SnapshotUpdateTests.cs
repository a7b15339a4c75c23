using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Controllers.Scheduling.Cache;
using Cluster.Controllers.Scheduling.Framework;
using Cluster.TestKit;
using static Cluster.Controllers.Tests.Scheduling.SchedulingObjects;

namespace Cluster.Controllers.Tests.Scheduling.Cache;

public sealed class SnapshotUpdateTests
{
    private readonly SchedulerCache _cache = new(new ManualTime());
    private readonly Snapshot _snapshot = new();

    public SnapshotUpdateTests()
    {
        foreach (var name in new[] { "a", "b", "c" }) _cache.AddNode(Node(name));
        _cache.UpdateSnapshot(_snapshot);
    }

    private Dictionary<string, NodeInfo> Instances() => _snapshot.Nodes.ToDictionary(n => n.Name);

    [Fact]
    public void Only_changed_nodes_are_copied_again()
    {
        var before = Instances();

        _cache.AddPod(Requesting("p", "1").OnNode("b"));
        _cache.UpdateSnapshot(_snapshot);

        var after = Instances();
        Assert.Same(before["a"], after["a"]);
        Assert.Same(before["c"], after["c"]);
        Assert.NotSame(before["b"], after["b"]);
        Assert.Same(after["b"], _snapshot.Get("b"));
        Assert.Single(after["b"].Pods);
    }

    [Fact]
    public void A_snapshot_is_a_copy_the_cache_does_not_change_afterwards()
    {
        var b = _snapshot.Get("b")!;

        _cache.AddPod(Requesting("p", "1").OnNode("b"));

        Assert.Empty(b.Pods);
        Assert.Equal(0, b.Requested.MilliCpu);
    }

    [Fact]
    public void An_unchanged_cache_leaves_the_snapshot_alone()
    {
        var before = Instances();
        var generation = _snapshot.Generation;

        _cache.UpdateSnapshot(_snapshot);

        Assert.Equal(generation, _snapshot.Generation);
        Assert.All(_snapshot.Nodes, n => Assert.Same(before[n.Name], n));
    }

    [Fact]
    public void Added_nodes_appear_in_name_order_and_removed_ones_disappear()
    {
        var before = Instances();

        _cache.AddNode(Node("bb"));
        _cache.RemoveNode(Node("a"));
        _cache.UpdateSnapshot(_snapshot);

        Assert.Equal(["b", "bb", "c"], _snapshot.Nodes.Select(n => n.Name));
        Assert.Null(_snapshot.Get("a"));
        Assert.Same(before["b"], _snapshot.Get("b"));
        Assert.Same(before["c"], _snapshot.Get("c"));
    }

    [Fact]
    public void A_node_update_replaces_only_that_node()
    {
        var before = Instances();

        _cache.UpdateNode(Node("c", cpu: "16"));
        _cache.UpdateSnapshot(_snapshot);

        Assert.Equal(16000, _snapshot.Get("c")!.Allocatable.MilliCpu);
        Assert.NotSame(before["c"], _snapshot.Get("c"));
        Assert.Same(before["a"], _snapshot.Get("a"));
    }

    [Fact]
    public void Two_snapshots_catch_up_independently()
    {
        var other = new Snapshot();
        _cache.UpdateSnapshot(other);

        _cache.AddPod(Requesting("p", "1").OnNode("a"));
        _cache.UpdateSnapshot(_snapshot);
        _cache.AddPod(Requesting("q", "1").OnNode("c"));
        _cache.UpdateSnapshot(_snapshot);
        _cache.UpdateSnapshot(other);

        Assert.Equal(_snapshot.Generation, other.Generation);
        Assert.Equal(_snapshot.Nodes.Select(n => n.Pods.Count), other.Nodes.Select(n => n.Pods.Count));
        Assert.Equal([1, 0, 1], other.Nodes.Select(n => n.Pods.Count));
    }

    [Fact]
    public void Nodes_with_affinity_pods_are_tracked_as_pods_come_and_go()
    {
        var pod = Requesting("p", "1").OnNode("b").WithSpec(s => s with
        {
            Affinity = new Affinity
            {
                PodAntiAffinity = new PodAntiAffinity
                {
                    RequiredDuringSchedulingIgnoredDuringExecution =
                    [
                        new PodAffinityTerm
                        {
                            TopologyKey = "kubernetes.io/hostname",
                            LabelSelector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                        },
                    ],
                },
            },
        });

        _cache.AddPod(pod);
        _cache.UpdateSnapshot(_snapshot);
        Assert.Equal(["b"], _snapshot.NodesWithAffinity.Select(n => n.Name));
        Assert.Equal(["b"], _snapshot.NodesWithRequiredAntiAffinity.Select(n => n.Name));
        Assert.Same(_snapshot.Get("b"), _snapshot.NodesWithAffinity[0]);

        _cache.AddPod(Requesting("q", "1").OnNode("b"));
        _cache.UpdateSnapshot(_snapshot);
        Assert.Same(_snapshot.Get("b"), _snapshot.NodesWithAffinity[0]);
        Assert.Same(_snapshot.Get("b"), _snapshot.Nodes[1]);

        _cache.RemovePod(pod);
        _cache.UpdateSnapshot(_snapshot);
        Assert.Empty(_snapshot.NodesWithAffinity);
        Assert.Empty(_snapshot.NodesWithRequiredAntiAffinity);
    }
}
