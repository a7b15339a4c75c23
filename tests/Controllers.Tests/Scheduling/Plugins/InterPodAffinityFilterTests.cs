using Cluster.Api.Core.V1;
using Cluster.Controllers.Scheduling.Framework;
using Cluster.Controllers.Scheduling.Plugins;
using static Cluster.Controllers.Tests.Scheduling.Plugins.TopologyObjects;
using static Cluster.Controllers.Tests.Scheduling.SchedulingObjects;
using ModelSelector = Cluster.Api.Meta.V1.LabelSelector;

namespace Cluster.Controllers.Tests.Scheduling.Plugins;

public sealed class InterPodAffinityFilterTests
{
    private static Dictionary<string, FilterResult> Filter(Pod pod, Snapshot snapshot) => FilterAll(new InterPodAffinityPlugin(), pod, snapshot);

    [Fact]
    public void Required_anti_affinity_on_hostname_rejects_only_the_node_running_a_matching_pod()
    {
        var snapshot = Snapshot.Of([Info(Topology("n1"), AppPod("web-0", "web")), Info(Topology("n2")), Info(Topology("n3"), AppPod("db-0", "db"))]);
        var pod = AppPod("web-1", "web").WithAffinity(RequiredAntiAffinity(Term("web", Hostname)));

        var results = Filter(pod, snapshot);

        Assert.Equal(["n2", "n3"], Fitting(results));
        Assert.Equal([InterPodAffinityPlugin.AntiAffinityReason], results["n1"].Reasons);
        Assert.False(results["n1"].Unresolvable);
    }

    [Fact]
    public void Required_anti_affinity_on_zone_rejects_every_node_of_the_zone()
    {
        var snapshot = Snapshot.Of([Info(Topology("n1", "a"), AppPod("web-0", "web")), Info(Topology("n2", "a")), Info(Topology("n3", "b")), Info(Topology("n4"))]);
        var pod = AppPod("web-1", "web").WithAffinity(RequiredAntiAffinity(Term("web", Zone)));

        Assert.Equal(["n3", "n4"], Fitting(Filter(pod, snapshot)));
    }

    [Fact]
    public void Existing_pods_anti_affinity_repels_the_incoming_pod_from_its_zone()
    {
        var guard = AppPod("db-0", "db").WithAffinity(RequiredAntiAffinity(Term("web", Zone)));
        var snapshot = Snapshot.Of([Info(Topology("n1", "a"), guard), Info(Topology("n2", "a")), Info(Topology("n3", "b"))]);

        var results = Filter(AppPod("web-0", "web"), snapshot);

        Assert.Equal(["n3"], Fitting(results));
        Assert.Equal([InterPodAffinityPlugin.ExistingAntiAffinityReason], results["n2"].Reasons);
        Assert.False(results["n2"].Unresolvable);
        Assert.Equal(["n1", "n2", "n3"], Fitting(Filter(AppPod("api-0", "api"), snapshot)));
    }

    [Fact]
    public void Required_affinity_admits_the_zone_where_a_matching_pod_runs()
    {
        var snapshot = Snapshot.Of([Info(Topology("n1", "a"), AppPod("cache-0", "cache")), Info(Topology("n2", "a")), Info(Topology("n3", "b")), Info(Topology("n4"))]);
        var pod = AppPod("web-0", "web").WithAffinity(RequiredAffinity(Term("cache", Zone)));

        var results = Filter(pod, snapshot);

        Assert.Equal(["n1", "n2"], Fitting(results));
        Assert.Equal([InterPodAffinityPlugin.AffinityReason], results["n3"].Reasons);
        Assert.True(results["n3"].Unresolvable);
        Assert.True(results["n4"].Unresolvable);
    }

    [Fact]
    public void First_pod_of_a_self_affine_group_fits_any_node_with_the_topology_key()
    {
        var snapshot = Snapshot.Of([Info(Topology("n1", "a")), Info(Topology("n2", "b")), Info(Topology("n3"))]);
        var selfAffine = AppPod("web-0", "web").WithAffinity(RequiredAffinity(Term("web", Zone)));
        var otherAffine = AppPod("api-0", "api").WithAffinity(RequiredAffinity(Term("web", Zone)));

        Assert.Equal(["n1", "n2"], Fitting(Filter(selfAffine, snapshot)));
        Assert.Empty(Fitting(Filter(otherAffine, snapshot)));
    }

    [Fact]
    public void Later_pods_of_a_self_affine_group_follow_the_first()
    {
        var snapshot = Snapshot.Of([Info(Topology("n1", "a")), Info(Topology("n2", "b"), AppPod("web-0", "web")), Info(Topology("n3", "b"))]);
        var pod = AppPod("web-1", "web").WithAffinity(RequiredAffinity(Term("web", Zone)));

        Assert.Equal(["n2", "n3"], Fitting(Filter(pod, snapshot)));
    }

    public static TheoryData<string, PodAffinityTerm, string[]> NamespaceCases => new()
    {
        { "own namespace by default: the pod in 'other' does not count", Term("cache", Zone), [] },
        { "listed namespace", Term("cache", Zone, namespaces: ["other"]), ["n1", "n2"] },
        { "namespace selector on namespace labels", Term("cache", Zone, namespaceSelector: new ModelSelector { MatchLabels = Labels("team", "x") }), ["n1", "n2"] },
        { "namespace selector matching no namespace", Term("cache", Zone, namespaceSelector: new ModelSelector { MatchLabels = Labels("team", "y") }), [] },
        { "empty namespace selector: every namespace", Term("cache", Zone, namespaceSelector: new ModelSelector()), ["n1", "n2"] },
    };

    [Theory]
    [MemberData(nameof(NamespaceCases))]
    public void Affinity_terms_select_pods_by_namespace(string because, PodAffinityTerm term, string[] expected)
    {
        var snapshot = Snapshot.Of([Info(Topology("n1", "a"), AppPod("cache-0", "cache").InNamespace("other")), Info(Topology("n2", "a")), Info(Topology("n3", "b"))]);
        snapshot.NamespaceLabels = ns => ns == "other" ? Labels("team", "x") : null;
        var pod = AppPod("web-0", "web").WithAffinity(RequiredAffinity(term));

        var fitting = Fitting(Filter(pod, snapshot));

        Assert.True(expected.SequenceEqual(fitting), $"{because}: [{string.Join(", ", fitting)}]");
    }

    [Fact]
    public void Existing_anti_affinity_with_a_namespace_selector_repels_pods_of_matching_namespaces_only()
    {
        var term = Term("web", Zone, namespaceSelector: new ModelSelector { MatchLabels = Labels("env", "prod") });
        var snapshot = Snapshot.Of([Info(Topology("n1", "a"), AppPod("db-0", "db").WithAffinity(RequiredAntiAffinity(term))), Info(Topology("n2", "b"))]);
        snapshot.NamespaceLabels = ns => ns == "shop" ? Labels("env", "prod") : Labels("env", "dev");

        Assert.Equal(["n2"], Fitting(Filter(AppPod("web-0", "web").InNamespace("shop"), snapshot)));
        Assert.Equal(["n1", "n2"], Fitting(Filter(AppPod("web-0", "web").InNamespace("lab"), snapshot)));
    }
}
