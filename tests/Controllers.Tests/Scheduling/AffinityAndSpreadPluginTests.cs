using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Api.Serialization;
using Cluster.Controllers.Scheduling.Framework;
using Cluster.Controllers.Scheduling.Plugins;

namespace Cluster.Controllers.Tests.Scheduling;

public sealed class AffinityAndSpreadPluginTests
{
    private static Node Node(string name, string zone) => new()
    {
        Metadata = new ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name, ["topology.kubernetes.io/zone"] = zone } },
        Status = new NodeStatus { Allocatable = new Dictionary<string, ResourceQuantity> { ["cpu"] = "8", ["memory"] = "32Gi", ["pods"] = "110" } },
    };

    private static List<NodeInfo> Nodes(int count, int zones) => [.. Enumerable.Range(0, count).Select(i =>
    {
        var info = new NodeInfo($"n{i}");
        info.SetNode(Node($"n{i}", $"z{i % zones}"));
        return info;
    })];

    private static int _uid;

    private static Pod Pod(string app, Affinity? affinity = null, IReadOnlyList<TopologySpreadConstraint>? spread = null, string ns = "ns") => new()
    {
        Metadata = new ObjectMeta { Name = $"{app}-{Interlocked.Increment(ref _uid)}", Namespace = ns, Uid = $"uid-{_uid}", Labels = new Dictionary<string, string> { ["app"] = app } },
        Spec = new PodSpec { Affinity = affinity, TopologySpreadConstraints = spread, Containers = [new Container { Name = "c" }] },
    };

    private static Affinity AntiAffinity(string app, string key = "kubernetes.io/hostname") => new()
    {
        PodAntiAffinity = new PodAntiAffinity
        {
            RequiredDuringSchedulingIgnoredDuringExecution = [new PodAffinityTerm { TopologyKey = key, LabelSelector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = app } } }],
        },
    };

    private static Affinity RequiredAffinity(string app, string key) => new()
    {
        PodAffinity = new PodAffinity
        {
            RequiredDuringSchedulingIgnoredDuringExecution = [new PodAffinityTerm { TopologyKey = key, LabelSelector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = app } } }],
        },
    };

    private static TopologySpreadConstraint[] Spread(string app, int maxSkew = 1, string when = "DoNotSchedule", int? minDomains = null) =>
    [
        new() { MaxSkew = maxSkew, TopologyKey = "topology.kubernetes.io/zone", WhenUnsatisfiable = when, MinDomains = minDomains, LabelSelector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = app } } },
    ];

    /// <summary>Schedules the pods one after another, each placed pod counted for the next (as the assume cache does).</summary>
    private static List<ScheduleResult> ScheduleAll(List<NodeInfo> nodes, IEnumerable<Pod> pods)
    {
        var algorithm = new SchedulingAlgorithm(SchedulerProfile.Default(), new Random(7));
        var results = new List<ScheduleResult>();
        foreach (var pod in pods)
        {
            var info = PodInfo.Of(pod);
            var result = algorithm.Schedule(info, Snapshot.Of(nodes));
            if (result.Node is { } name) nodes.Single(n => n.Name == name).AddPod(PodInfo.Of(pod with { Spec = pod.Spec! with { NodeName = name } }));
            results.Add(result);
        }
        return results;
    }

    [Fact]
    public void Required_anti_affinity_on_hostname_puts_one_pod_per_node_and_then_refuses()
    {
        var nodes = Nodes(10, 2);
        var results = ScheduleAll(nodes, Enumerable.Range(0, 11).Select(_ => Pod("web", AntiAffinity("web"))));
        Assert.Equal(10, results.Take(10).Select(r => r.Node).Distinct().Count());
        var refused = results[10];
        Assert.Null(refused.Node);
        Assert.Equal("0/10 nodes are available: 10 node(s) didn't match pod anti-affinity rules.", refused.Error!.Message);
    }

    [Fact]
    public void An_existing_pods_anti_affinity_repels_the_incoming_pod_from_its_zone()
    {
        var nodes = Nodes(4, 2);
        ScheduleAll(nodes, [Pod("db", AntiAffinity("cache", "topology.kubernetes.io/zone"))]);
        var dbZone = nodes.Single(n => n.Pods.Count == 1).Labels!["topology.kubernetes.io/zone"];
        var results = ScheduleAll(nodes, Enumerable.Range(0, 4).Select(_ => Pod("cache")));
        Assert.All(results, r => Assert.NotEqual(dbZone, nodes.Single(n => n.Name == r.Node).Labels!["topology.kubernetes.io/zone"]));
    }

    [Fact]
    public void Required_affinity_follows_the_matching_pods_zone_and_the_first_of_a_group_may_start_anywhere()
    {
        var nodes = Nodes(6, 3);
        var first = ScheduleAll(nodes, [Pod("web", RequiredAffinity("web", "topology.kubernetes.io/zone"))]).Single();
        Assert.NotNull(first.Node);
        var zone = nodes.Single(n => n.Name == first.Node).Labels!["topology.kubernetes.io/zone"];
        var followers = ScheduleAll(nodes, Enumerable.Range(0, 5).Select(_ => Pod("web", RequiredAffinity("web", "topology.kubernetes.io/zone"))));
        Assert.All(followers, r => Assert.Equal(zone, nodes.Single(n => n.Name == r.Node).Labels!["topology.kubernetes.io/zone"]));

        var lonely = ScheduleAll(nodes, [Pod("other", RequiredAffinity("absent", "topology.kubernetes.io/zone"))]).Single();
        Assert.Equal("0/6 nodes are available: 6 node(s) didn't match pod affinity rules.", lonely.Error!.Message);
    }

    [Fact]
    public void Anti_affinity_only_counts_pods_in_the_terms_namespaces()
    {
        var nodes = Nodes(1, 1);
        ScheduleAll(nodes, [Pod("web", ns: "other")]);
        Assert.NotNull(ScheduleAll(nodes, [Pod("web", AntiAffinity("web"))]).Single().Node); // counts its own namespace only...
        Assert.Null(ScheduleAll(nodes, [Pod("web", AntiAffinity("web"))]).Single().Node);    // ...where the first one now is
    }

    [Fact]
    public void Do_not_schedule_spread_keeps_zones_within_max_skew()
    {
        // zone z0 has four nodes, z1 and z2 one each: spreading by node would put most pods in z0
        var nodes = Enumerable.Range(0, 6).Select(i =>
        {
            var info = new NodeInfo($"n{i}");
            info.SetNode(Node($"n{i}", i < 4 ? "z0" : i == 4 ? "z1" : "z2"));
            return info;
        }).ToList();
        ScheduleAll(nodes, Enumerable.Range(0, 9).Select(_ => Pod("web", spread: Spread("web"))));
        var perZone = nodes.GroupBy(n => n.Labels!["topology.kubernetes.io/zone"]).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Sum(n => n.Pods.Count)).ToList();
        Assert.Equal([3, 3, 3], perZone);
    }

    [Fact]
    public void Do_not_schedule_spread_stays_within_max_skew_after_every_placement()
    {
        var nodes = Nodes(9, 3);
        for (var i = 0; i < 12; i++)
        {
            Assert.NotNull(ScheduleAll(nodes, [Pod("web", spread: Spread("web"))]).Single().Node);
            var perZone = nodes.GroupBy(n => n.Labels!["topology.kubernetes.io/zone"]).Select(g => g.Sum(n => n.Pods.Count)).ToList();
            Assert.True(perZone.Max() - perZone.Min() <= 1, $"after pod {i}: {string.Join(",", perZone)}");
        }
    }

    [Fact]
    public void Spread_rejects_a_node_whose_zone_is_ahead_and_nodes_missing_the_key()
    {
        var nodes = Nodes(2, 2);
        var unlabelled = new NodeInfo("bare");
        unlabelled.SetNode(new Node { Metadata = new ObjectMeta { Name = "bare" }, Status = Node("bare", "").Status });
        nodes.Add(unlabelled);
        var zoneZero = nodes[0];
        zoneZero.AddPod(PodInfo.Of(Pod("web") with { Spec = new PodSpec { NodeName = "n0", Containers = [new Container { Name = "c" }] } }));
        var plugin = new PodTopologySpreadPlugin();
        var state = new CycleState();
        var pod = PodInfo.Of(Pod("web", spread: Spread("web")));
        plugin.PreFilter(state, pod, Snapshot.Of(nodes));
        Assert.Equal([PodTopologySpreadPlugin.Reason], plugin.Filter(state, pod, nodes[0]).Reasons);
        Assert.True(plugin.Filter(state, pod, nodes[1]).IsSuccess);
        var missing = plugin.Filter(state, pod, unlabelled);
        Assert.True(missing.Unresolvable);
        Assert.Equal([PodTopologySpreadPlugin.MissingLabelReason], missing.Reasons);
    }

    [Fact]
    public void Min_domains_counts_absent_domains_as_empty()
    {
        var nodes = Nodes(2, 2);
        ScheduleAll(nodes, Enumerable.Range(0, 2).Select(_ => Pod("web", spread: Spread("web"))));
        // two domains exist but three are wanted: the global minimum is 0, so a zone with one pod is already at skew 1
        var refused = ScheduleAll(nodes, [Pod("web", spread: Spread("web", minDomains: 3))]).Single();
        Assert.Null(refused.Node);
    }

    [Fact]
    public void Schedule_anyway_spread_prefers_the_emptier_zone()
    {
        // n1 is the busier node, so resource scores favour n0; the spread score must outweigh them
        var nodes = Nodes(2, 2);
        nodes[0].AddPod(PodInfo.Of(Pod("web") with { Spec = new PodSpec { NodeName = "n0", Containers = [new Container { Name = "c" }] } }));
        nodes[1].AddPod(PodInfo.Of(Pod("batch") with
        {
            Spec = new PodSpec { NodeName = "n1", Containers = [new Container { Name = "c", Resources = new ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = "4" } } }] },
        }));
        Assert.Equal("n0", new SchedulingAlgorithm(SchedulerProfile.Default(), new Random(7)).Schedule(PodInfo.Of(Pod("plain")), Snapshot.Of(nodes)).Node);
        var placed = ScheduleAll(nodes, [Pod("web", spread: Spread("web", when: "ScheduleAnyway"))]).Single();
        Assert.Equal("n1", placed.Node);
    }
}
