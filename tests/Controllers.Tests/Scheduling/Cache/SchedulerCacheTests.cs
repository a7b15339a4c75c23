using Cluster.Controllers.Scheduling.Cache;
using Cluster.Controllers.Scheduling.Framework;
using Cluster.TestKit;
using static Cluster.Controllers.Tests.Scheduling.SchedulingObjects;

namespace Cluster.Controllers.Tests.Scheduling.Cache;

public sealed class SchedulerCacheTests
{
    private readonly ManualTime _time = new();
    private readonly SchedulerCache _cache;

    public SchedulerCacheTests()
    {
        _cache = new SchedulerCache(_time);
        _cache.AddNode(Node("a"));
        _cache.AddNode(Node("b"));
    }

    private NodeInfo Snap(string node)
    {
        var snapshot = new Snapshot();
        _cache.UpdateSnapshot(snapshot);
        return snapshot.Get(node)!;
    }

    [Fact]
    public void An_assumed_pod_counts_on_its_node_at_once()
    {
        _cache.AssumePod(PodInfo.Of(Requesting("p", "1", "1Gi")), "a");

        var node = Snap("a");
        Assert.Equal(["p"], node.Pods.Select(p => p.Key.Name));
        Assert.Equal(1000, node.Requested.MilliCpu);
        Assert.True(_cache.IsAssumed("uid-p"));
    }

    [Fact]
    public void The_informer_confirms_an_assumed_pod_without_counting_it_twice()
    {
        var pod = Requesting("p", "1", "1Gi");
        _cache.AssumePod(PodInfo.Of(pod), "a");

        _cache.AddPod(pod.OnNode("a"));

        var node = Snap("a");
        Assert.Single(node.Pods);
        Assert.Equal(1000, node.Requested.MilliCpu);
        Assert.Equal(1, _cache.PodCount);
        Assert.False(_cache.IsAssumed("uid-p"));
    }

    [Fact]
    public void Forgetting_removes_an_assumed_pod()
    {
        var pod = PodInfo.Of(Requesting("p", "1"));
        _cache.AssumePod(pod, "a");

        _cache.ForgetPod(pod);

        Assert.Empty(Snap("a").Pods);
        Assert.Equal(0, Snap("a").Requested.MilliCpu);
        Assert.Equal(0, _cache.PodCount);
    }

    [Fact]
    public void Forgetting_keeps_a_pod_the_informer_has_confirmed()
    {
        var pod = Requesting("p", "1");
        _cache.AssumePod(PodInfo.Of(pod), "a");
        _cache.AddPod(pod.OnNode("a"));

        _cache.ForgetPod(PodInfo.Of(pod));

        Assert.Single(Snap("a").Pods);
    }

    [Fact]
    public void An_assumed_pod_expires_only_after_its_binding_finished_and_the_ttl_passed()
    {
        var pod = PodInfo.Of(Requesting("p", "1"));
        _cache.AssumePod(pod, "a");

        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, _cache.CleanupExpired()); // binding still in flight: never expires

        _cache.FinishBinding(pod);
        _time.Advance(SchedulerCache.AssumedTtl);
        Assert.Equal(0, _cache.CleanupExpired()); // exactly at the deadline

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, _cache.CleanupExpired());
        Assert.Empty(Snap("a").Pods);
        Assert.False(_cache.IsAssumed("uid-p"));
    }

    [Fact]
    public void A_confirmed_pod_never_expires()
    {
        var pod = Requesting("p", "1");
        _cache.AssumePod(PodInfo.Of(pod), "a");
        _cache.FinishBinding(PodInfo.Of(pod));
        _cache.AddPod(pod.OnNode("a"));

        _time.Advance(SchedulerCache.AssumedTtl * 10);

        Assert.Equal(0, _cache.CleanupExpired());
        Assert.Single(Snap("a").Pods);
    }

    [Fact]
    public void The_informer_wins_when_it_sees_the_pod_on_another_node_than_assumed()
    {
        var pod = Requesting("p", "1");
        _cache.AssumePod(PodInfo.Of(pod), "a");

        _cache.AddPod(pod.OnNode("b"));

        Assert.Empty(Snap("a").Pods);
        Assert.Single(Snap("b").Pods);
        Assert.Equal(0, Snap("a").Requested.MilliCpu);
    }

    [Fact]
    public void A_pod_updated_onto_another_node_moves()
    {
        var pod = Requesting("p", "1", "1Gi").OnNode("a");
        _cache.AddPod(pod);

        _cache.UpdatePod(pod.OnNode("b"));

        Assert.Empty(Snap("a").Pods);
        Assert.Equal((1000L, Gi), (Snap("b").Requested.MilliCpu, Snap("b").Requested.Memory));
        Assert.Equal(1, _cache.PodCount);
    }

    [Fact]
    public void Removing_a_pod_releases_its_resources()
    {
        var pod = Requesting("p", "1").OnNode("a");
        _cache.AddPod(pod);
        _cache.AddPod(Requesting("q", "2").OnNode("a"));

        _cache.RemovePod(pod);

        Assert.Equal(["q"], Snap("a").Pods.Select(p => p.Key.Name));
        Assert.Equal(2000, Snap("a").Requested.MilliCpu);
    }

    [Fact]
    public void Unbound_pods_from_the_informer_are_ignored()
    {
        _cache.AddPod(Requesting("p", "1"));

        Assert.Equal(0, _cache.PodCount);
    }

    [Fact]
    public void A_removed_node_keeps_its_pods_until_they_are_deleted()
    {
        var pod = Requesting("p", "1").OnNode("a");
        _cache.AddPod(pod);
        var snapshot = new Snapshot();
        _cache.UpdateSnapshot(snapshot);

        _cache.RemoveNode(Node("a"));
        _cache.UpdateSnapshot(snapshot);
        Assert.Equal(["b"], snapshot.Nodes.Select(n => n.Name));
        Assert.Equal(1, _cache.NodeCount);
        Assert.Equal(1, _cache.PodCount);

        _cache.AddNode(Node("a"));
        _cache.UpdateSnapshot(snapshot);
        Assert.Equal(["a", "b"], snapshot.Nodes.Select(n => n.Name));
        Assert.Equal(1000, snapshot.Get("a")!.Requested.MilliCpu);

        _cache.RemoveNode(Node("a"));
        _cache.UpdateSnapshot(snapshot);
        _cache.RemovePod(pod);
        _cache.UpdateSnapshot(snapshot);
        Assert.Null(snapshot.Get("a"));
        Assert.Equal(0, _cache.PodCount);
    }

    [Fact]
    public void Dominant_share_is_the_larger_of_a_namespaces_cpu_and_memory_shares()
    {
        // Cluster: a and b with 4 cpu and 8Gi each = 8 cpu, 16Gi.
        _cache.AddPod(Requesting("p", "1", "4Gi").InNamespace("team-a").OnNode("a"));
        _cache.AssumePod(PodInfo.Of(Requesting("q", "1", "2Gi").InNamespace("team-a")), "b");
        _cache.AddPod(Requesting("r", "4", "1Gi").InNamespace("team-b").OnNode("b"));

        Assert.Equal(6.0 / 16, _cache.DominantShare("team-a"), 6);
        Assert.Equal(4.0 / 8, _cache.DominantShare("team-b"), 6);
        Assert.Equal(0, _cache.DominantShare("idle"));

        _cache.RemovePod(Requesting("r", "4", "1Gi").InNamespace("team-b"));
        Assert.Equal(0, _cache.DominantShare("team-b"));

        _cache.AddNode(Node("c", cpu: "8", memory: "16Gi"));
        Assert.Equal(6.0 / 32, _cache.DominantShare("team-a"), 6);
    }
}
