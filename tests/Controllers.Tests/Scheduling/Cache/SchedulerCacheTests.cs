using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Api.Serialization;
using Cluster.Controllers.Scheduling.Cache;
using Cluster.Controllers.Scheduling.Framework;
using Cluster.TestKit;

namespace Cluster.Controllers.Tests.Scheduling.Cache;

public sealed class SchedulerCacheTests
{
    private static Node Node(string name) => new()
    {
        Metadata = new ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name } },
        Status = new NodeStatus { Allocatable = new Dictionary<string, ResourceQuantity> { ["cpu"] = "4", ["memory"] = "8Gi", ["pods"] = "110" } },
    };

    private static Pod Pod(string name, string ns = "ns", string cpu = "1", string? node = null, bool antiAffinity = false) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns, Uid = $"{ns}-{name}", Labels = new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new PodSpec
        {
            NodeName = node,
            Affinity = antiAffinity ? new Affinity
            {
                PodAntiAffinity = new PodAntiAffinity
                {
                    RequiredDuringSchedulingIgnoredDuringExecution = [new PodAffinityTerm { TopologyKey = "kubernetes.io/hostname", LabelSelector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } } }],
                },
            } : null,
            Containers = [new Container { Name = "c", Resources = new ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = cpu, ["memory"] = "1Gi" } } }],
        },
    };

    private static (SchedulerCache Cache, ManualTime Time) WithNodes(params string[] names)
    {
        var time = new ManualTime(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        var cache = new SchedulerCache(time);
        foreach (var name in names) cache.AddNode(Node(name));
        return (cache, time);
    }

    [Fact]
    public void An_assumed_pod_counts_at_once_and_the_informers_bound_pod_confirms_it_without_counting_twice()
    {
        var (cache, _) = WithNodes("n1", "n2");
        var snapshot = new Snapshot();
        cache.AssumePod(PodInfo.Of(Pod("a")), "n1");
        cache.UpdateSnapshot(snapshot);
        Assert.Equal(1000, snapshot.Get("n1")!.Requested.MilliCpu);
        cache.AddPod(Pod("a", node: "n1"));
        cache.UpdateSnapshot(snapshot);
        Assert.Equal(1000, snapshot.Get("n1")!.Requested.MilliCpu);
        Assert.False(cache.IsAssumed("ns-a"));
        cache.ForgetPod(PodInfo.Of(Pod("a")));
        cache.UpdateSnapshot(snapshot);
        Assert.Equal(1000, snapshot.Get("n1")!.Requested.MilliCpu); // a confirmed pod is not forgotten
    }

    [Fact]
    public void A_forgotten_assumption_frees_the_node_and_an_unconfirmed_one_expires_after_its_binding()
    {
        var (cache, time) = WithNodes("n1");
        var snapshot = new Snapshot();
        cache.AssumePod(PodInfo.Of(Pod("a")), "n1");
        cache.ForgetPod(PodInfo.Of(Pod("a")));
        cache.AssumePod(PodInfo.Of(Pod("b")), "n1");
        cache.FinishBinding(PodInfo.Of(Pod("b")));
        cache.UpdateSnapshot(snapshot);
        Assert.Equal(1000, snapshot.Get("n1")!.Requested.MilliCpu);
        time.Advance(SchedulerCache.AssumedTtl + TimeSpan.FromSeconds(1));
        Assert.Equal(1, cache.CleanupExpired());
        cache.UpdateSnapshot(snapshot);
        Assert.Equal(0, snapshot.Get("n1")!.Requested.MilliCpu);
    }

    [Fact]
    public void Snapshots_copy_only_changed_nodes_and_follow_affinity_membership_without_rebuilding()
    {
        var (cache, _) = WithNodes("n1", "n2", "n3");
        var snapshot = new Snapshot();
        cache.UpdateSnapshot(snapshot);
        var untouched = snapshot.Get("n3");
        cache.AssumePod(PodInfo.Of(Pod("anti", antiAffinity: true)), "n2");
        cache.UpdateSnapshot(snapshot);
        Assert.Same(untouched, snapshot.Get("n3"));
        Assert.Equal(["n2"], snapshot.NodesWithRequiredAntiAffinity.Select(n => n.Name));
        Assert.Same(snapshot.Get("n2"), snapshot.Nodes.Single(n => n.Name == "n2"));
        Assert.Same(snapshot.Get("n2"), snapshot.NodesWithAffinity.Single());

        cache.AssumePod(PodInfo.Of(Pod("anti2", antiAffinity: true)), "n1");
        cache.ForgetPod(PodInfo.Of(Pod("anti", antiAffinity: true)));
        cache.UpdateSnapshot(snapshot);
        Assert.Equal(["n1"], snapshot.NodesWithRequiredAntiAffinity.Select(n => n.Name));

        cache.RemoveNode(Node("n3"));
        cache.AddNode(Node("n4"));
        cache.UpdateSnapshot(snapshot);
        Assert.Equal(["n1", "n2", "n4"], snapshot.Nodes.Select(n => n.Name));
        Assert.Equal(["n1"], snapshot.NodesWithRequiredAntiAffinity.Select(n => n.Name));
    }

    [Fact]
    public void The_dominant_share_is_a_namespaces_larger_fraction_of_cluster_cpu_or_memory()
    {
        var (cache, _) = WithNodes("n1", "n2"); // 8 cpu, 16 GiB in all
        cache.AddPod(Pod("a", ns: "cpu-heavy", cpu: "4", node: "n1"));
        cache.AssumePod(PodInfo.Of(Pod("b", ns: "light", cpu: "1")), "n2");
        Assert.Equal(0.5, cache.DominantShare("cpu-heavy"), 3);
        Assert.Equal(0.125, cache.DominantShare("light"), 3);
        Assert.Equal(0, cache.DominantShare("absent"));
        cache.RemovePod(Pod("a", ns: "cpu-heavy", cpu: "4", node: "n1"));
        Assert.Equal(0, cache.DominantShare("cpu-heavy"), 3);
    }
}
