using Cluster.Api.Core.V1;
using Cluster.Controllers.Scheduling.Framework;
using Cluster.Controllers.Scheduling.Plugins;
using static Cluster.Controllers.Tests.Scheduling.Plugins.TopologyObjects;
using static Cluster.Controllers.Tests.Scheduling.SchedulingObjects;

namespace Cluster.Controllers.Tests.Scheduling.Plugins;

public sealed class InterPodAffinityScoreTests
{
    private static Snapshot CacheInZoneA() =>
        Snapshot.Of([Info(Topology("n1", "a"), AppPod("cache-0", "cache")), Info(Topology("n2", "a")), Info(Topology("n3", "b"))]);

    public static TheoryData<string, Affinity, long[]> IncomingTermCases => new()
    {
        { "preferred affinity: the cache's zone scores highest", Preferred(10, Term("cache", Zone)), [100, 100, 0] },
        { "preferred anti-affinity: the cache's zone scores lowest", Preferred(0, null, 10, Term("cache", Zone)), [0, 0, 100] },
        { "preferred affinity by hostname: only the cache's node", Preferred(10, Term("cache", Hostname)), [100, 0, 0] },
        { "terms cancelling out: no preference", Preferred(10, Term("cache", Zone), 10, Term("cache", Zone)), [0, 0, 0] },
        { "a term selecting nothing: no preference", Preferred(10, Term("nothing", Zone)), [0, 0, 0] },
    };

    [Theory]
    [MemberData(nameof(IncomingTermCases))]
    public void Incoming_pods_preferred_terms_score_the_domains_of_matching_pods(string because, Affinity affinity, long[] expected)
    {
        var scores = ScoreAll(new InterPodAffinityPlugin(), AppPod("web-0", "web").WithAffinity(affinity), CacheInZoneA());

        long[] actual = [scores["n1"], scores["n2"], scores["n3"]];
        Assert.True(expected.SequenceEqual(actual), $"{because}: {string.Join(",", actual)}");
    }

    [Fact]
    public void Weights_add_up_and_anti_affinity_subtracts_across_domains()
    {
        var snapshot = Snapshot.Of([
            Info(Topology("n1", "a"), AppPod("cache-0", "cache")),
            Info(Topology("n2", "b"), AppPod("batch-0", "batch")),
            Info(Topology("n3", "c")),
        ]);
        var affinity = Preferred(8, Term("cache", Zone), 4, Term("batch", Zone));

        var scores = ScoreAll(new InterPodAffinityPlugin(), AppPod("web-0", "web").WithAffinity(affinity), snapshot);

        // Raw 8, -4, 0: min -4 maps to 0 and max 8 to 100.
        Assert.Equal(100, scores["n1"]);
        Assert.Equal(0, scores["n2"]);
        Assert.Equal(33, scores["n3"]);
    }

    public static TheoryData<string, Affinity> ExistingTermCases => new()
    {
        { "existing pod's preferred affinity toward the pod", Preferred(5, Term("web", Zone)) },
        { "existing pod's required affinity toward the pod (hard weight)", RequiredAffinity(Term("web", Zone)) },
    };

    [Theory]
    [MemberData(nameof(ExistingTermCases))]
    public void Existing_pods_terms_toward_the_incoming_pod_attract_it_symmetrically(string because, Affinity existingAffinity)
    {
        var snapshot = Snapshot.Of([Info(Topology("n1", "a"), AppPod("db-0", "db").WithAffinity(existingAffinity)), Info(Topology("n2", "b"))]);

        var scores = ScoreAll(new InterPodAffinityPlugin(), AppPod("web-0", "web"), snapshot);

        Assert.True(scores["n1"] == 100 && scores["n2"] == 0, $"{because}: {scores["n1"]},{scores["n2"]}");
    }

    [Fact]
    public void Existing_pods_preferred_anti_affinity_toward_the_incoming_pod_repels_it()
    {
        var repelling = AppPod("db-0", "db").WithAffinity(Preferred(0, null, 7, Term("web", Zone)));
        var snapshot = Snapshot.Of([Info(Topology("n1", "a"), repelling), Info(Topology("n2", "b"))]);

        var scores = ScoreAll(new InterPodAffinityPlugin(), AppPod("web-0", "web"), snapshot);

        Assert.Equal(0, scores["n1"]);
        Assert.Equal(100, scores["n2"]);
    }

    [Fact]
    public void Hard_affinity_weight_zero_ignores_existing_pods_required_affinity()
    {
        var attracting = AppPod("db-0", "db").WithAffinity(RequiredAffinity(Term("web", Zone)));
        var snapshot = Snapshot.Of([Info(Topology("n1", "a"), attracting), Info(Topology("n2", "b"))]);

        var scores = ScoreAll(new InterPodAffinityPlugin(hardPodAffinityWeight: 0), AppPod("web-0", "web"), snapshot);

        Assert.All(scores.Values, s => Assert.Equal(0, s));
    }
}
