using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Controllers.Scheduling.Framework;
using Cluster.Controllers.Scheduling.Plugins;
using static Cluster.Controllers.Tests.Scheduling.Plugins.TopologyObjects;
using static Cluster.Controllers.Tests.Scheduling.SchedulingObjects;

namespace Cluster.Controllers.Tests.Scheduling.Plugins;

public sealed class PodTopologySpreadFilterTests
{
    private static Dictionary<string, FilterResult> Filter(Pod pod, Snapshot snapshot) => FilterAll(new PodTopologySpreadPlugin(), pod, snapshot);

    private static Pod Incoming(params TopologySpreadConstraint[] constraints) => AppPod("web-new", "web").Spreading(constraints);

    /// <summary>One node per zone a, b, c holding the given numbers of app=web pods.</summary>
    private static Snapshot ThreeZones(int a, int b, int c) => Snapshot.Of([
        Info(Topology("na", "a"), AppPods("a", a)),
        Info(Topology("nb", "b"), AppPods("b", b)),
        Info(Topology("nc", "c"), AppPods("c", c)),
    ]);

    [Theory]
    [InlineData(0, 0, 0, new[] { "na", "nb", "nc" })]
    [InlineData(1, 1, 1, new[] { "na", "nb", "nc" })]
    [InlineData(1, 0, 0, new[] { "nb", "nc" })]
    [InlineData(2, 1, 1, new[] { "nb", "nc" })]
    [InlineData(2, 2, 0, new[] { "nc" })]
    [InlineData(3, 2, 1, new[] { "nc" })]
    public void Max_skew_one_over_three_zones_admits_only_zones_at_the_minimum(int a, int b, int c, string[] expected)
    {
        var results = Filter(Incoming(Spread("web")), ThreeZones(a, b, c));

        Assert.Equal(expected, Fitting(results));
        foreach (var rejected in results.Where(r => !r.Value.IsSuccess))
        {
            Assert.Equal([PodTopologySpreadPlugin.Reason], rejected.Value.Reasons);
            Assert.False(rejected.Value.Unresolvable);
        }
    }

    [Fact]
    public void Max_skew_two_tolerates_one_more_pod()
    {
        Assert.Equal(["na", "nb", "nc"], Fitting(Filter(Incoming(Spread("web", maxSkew: 2)), ThreeZones(1, 0, 0))));
        Assert.Equal(["nb", "nc"], Fitting(Filter(Incoming(Spread("web", maxSkew: 2)), ThreeZones(2, 0, 0))));
    }

    [Fact]
    public void A_pod_outside_its_own_selector_does_not_add_to_the_skew()
    {
        Assert.Equal(["na", "nb", "nc"], Fitting(Filter(AppPod("api-0", "api").Spreading(Spread("web")), ThreeZones(1, 0, 0))));
    }

    [Theory]
    [InlineData(null, new[] { "na", "nb" })]
    [InlineData(2, new[] { "na", "nb" })]
    [InlineData(3, new string[0])]
    public void Fewer_domains_than_min_domains_make_the_global_minimum_zero(int? minDomains, string[] expected)
    {
        var snapshot = Snapshot.Of([Info(Topology("na", "a"), AppPod("a0", "web")), Info(Topology("nb", "b"), AppPod("b0", "web"))]);

        Assert.Equal(expected, Fitting(Filter(Incoming(Spread("web", minDomains: minDomains)), snapshot)));
    }

    [Fact]
    public void A_node_without_the_topology_key_is_unresolvably_rejected_and_counts_in_no_domain()
    {
        var snapshot = Snapshot.Of([Info(Topology("na", "a")), Info(Topology("nb", "b")), Info(Topology("bare"), AppPods("x", 2))]);

        var results = Filter(Incoming(Spread("web")), snapshot);

        Assert.Equal(["na", "nb"], Fitting(results));
        Assert.Equal([PodTopologySpreadPlugin.MissingLabelReason], results["bare"].Reasons);
        Assert.True(results["bare"].Unresolvable);
    }

    [Fact]
    public void Pods_of_other_namespaces_and_terminating_pods_do_not_count()
    {
        var terminating = AppPod("a1", "web");
        terminating = terminating with { Metadata = terminating.Metadata! with { DeletionTimestamp = DateTimeOffset.UnixEpoch } };
        var snapshot = Snapshot.Of([Info(Topology("na", "a"), AppPod("a0", "web").InNamespace("other"), terminating), Info(Topology("nb", "b"))]);

        Assert.Equal(["na", "nb"], Fitting(Filter(Incoming(Spread("web")), snapshot)));
    }

    [Theory]
    [InlineData(null, new[] { "nb" })]
    [InlineData("Honor", new[] { "nb" })]
    [InlineData("Ignore", new string[0])]
    public void Node_affinity_policy_decides_whether_nodes_the_pod_cannot_use_are_domains(string? policy, string[] expected)
    {
        var ssd = Labels("disk", "ssd");
        var snapshot = Snapshot.Of([
            Info(Topology("na", "a", ssd), AppPods("a", 2)),
            Info(Topology("nb", "b", ssd), AppPods("b", 1)),
            Info(Topology("nc", "c")),
        ]);
        var pod = Incoming(Spread("web", nodeAffinityPolicy: policy)).WithSpec(s => s with { NodeSelector = ssd });

        // nc is NodeAffinity's to reject; here only whether its empty zone c lowers the minimum matters.
        Assert.Equal(expected, Fitting(Filter(pod, snapshot)).Where(n => n != "nc"));
    }

    [Theory]
    [InlineData(null, new string[0])]
    [InlineData("Ignore", new string[0])]
    [InlineData("Honor", new[] { "nb" })]
    public void Node_taints_policy_decides_whether_untolerated_tainted_nodes_are_domains(string? policy, string[] expected)
    {
        var snapshot = Snapshot.Of([
            Info(Topology("na", "a"), AppPods("a", 2)),
            Info(Topology("nb", "b"), AppPods("b", 1)),
            Info(Topology("nc", "c", taints: [Taint("dedicated", "gpu", "NoSchedule")])),
        ]);

        // nc is TaintToleration's to reject; here only whether its empty zone c lowers the minimum matters.
        Assert.Equal(expected, Fitting(Filter(Incoming(Spread("web", nodeTaintsPolicy: policy)), snapshot)).Where(n => n != "nc"));
    }

    [Fact]
    public void Match_label_keys_count_only_pods_sharing_the_incoming_pods_values()
    {
        var v1 = new Dictionary<string, string> { ["app"] = "web", ["version"] = "v1" };
        var v2 = new Dictionary<string, string> { ["app"] = "web", ["version"] = "v2" };
        var snapshot = Snapshot.Of([Info(Topology("na", "a"), Pod("a0").WithLabels(v1), Pod("a1").WithLabels(v1)), Info(Topology("nb", "b")), Info(Topology("nc", "c"))]);

        Assert.Equal(["na", "nb", "nc"], Fitting(Filter(Pod("web-new").WithLabels(v2).Spreading(Spread("web", matchLabelKeys: ["version"])), snapshot)));
        Assert.Equal(["nb", "nc"], Fitting(Filter(Pod("web-new").WithLabels(v2).Spreading(Spread("web")), snapshot)));
    }

    [Fact]
    public void Every_do_not_schedule_constraint_must_hold()
    {
        var snapshot = Snapshot.Of([Info(Topology("n1", "a"), AppPod("w0", "web")), Info(Topology("n2", "a")), Info(Topology("n3", "b"))]);

        // Zone a has 1, b 0: only b; hostname n1 has 1, the others 0: n2, n3. Both: n3.
        Assert.Equal(["n3"], Fitting(Filter(Incoming(Spread("web", Zone), Spread("web", Hostname)), snapshot)));
    }

    [Fact]
    public void Schedule_anyway_constraints_and_empty_selectors_do_not_filter()
    {
        var anyway = Incoming(Spread("web", when: "ScheduleAnyway"));
        var empty = Incoming(Spread("web") with { LabelSelector = new LabelSelector() });

        Assert.Equal(["na", "nb", "nc"], Fitting(Filter(anyway, ThreeZones(3, 0, 0))));
        Assert.Equal(["na", "nb", "nc"], Fitting(Filter(empty, ThreeZones(3, 0, 0))));
    }
}
