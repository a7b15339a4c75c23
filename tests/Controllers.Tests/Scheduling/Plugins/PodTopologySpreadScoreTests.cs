using Cluster.Controllers.Scheduling.Framework;
using Cluster.Controllers.Scheduling.Plugins;
using static Cluster.Controllers.Tests.Scheduling.Plugins.TopologyObjects;
using static Cluster.Controllers.Tests.Scheduling.SchedulingObjects;

namespace Cluster.Controllers.Tests.Scheduling.Plugins;

public sealed class PodTopologySpreadScoreTests
{
    private static Snapshot Zones(params (string Node, string? Zone, int Pods)[] nodes) =>
        Snapshot.Of(nodes.Select(n => Info(Topology(n.Node, n.Zone), AppPods(n.Node, n.Pods))));

    private static Dictionary<string, long> Score(Snapshot snapshot, string topologyKey = Zone, string when = "ScheduleAnyway") =>
        ScoreAll(new PodTopologySpreadPlugin(), AppPod("web-new", "web").Spreading(Spread("web", topologyKey, when: when)), snapshot);

    [Fact]
    public void Schedule_anyway_prefers_the_emptier_zone_and_scores_nodes_without_the_key_zero()
    {
        var scores = Score(Zones(("na", "a", 3), ("nb", "b", 1), ("nc", "c", 0), ("bare", null, 0)));

        // Raw scores are count × ln(3 domains + 2), rounded: 5, 2, 0; reversed against the maximum. The node without
        // the key takes no part in the minimum and maximum and scores 0.
        Assert.Equal(0, scores["na"]);
        Assert.Equal(60, scores["nb"]);
        Assert.Equal(100, scores["nc"]);
        Assert.Equal(0, scores["bare"]);
    }

    [Fact]
    public void Nodes_of_one_zone_share_their_zones_count()
    {
        var scores = Score(Zones(("na1", "a", 2), ("na2", "a", 0), ("nb", "b", 0)));

        Assert.Equal(scores["na1"], scores["na2"]);
        Assert.True(scores["nb"] > scores["na2"], string.Join(",", scores.Values));
    }

    [Fact]
    public void Hostname_constraint_prefers_the_node_with_fewest_matching_pods()
    {
        var scores = Score(Zones(("n1", "a", 2), ("n2", "a", 1), ("n3", "a", 0)), Hostname);

        Assert.True(scores["n3"] > scores["n2"] && scores["n2"] > scores["n1"], string.Join(",", scores.Values));
        Assert.Equal(100, scores["n3"]);
    }

    [Fact]
    public void Equal_zones_all_score_the_maximum()
    {
        var scores = Score(Zones(("na", "a", 0), ("nb", "b", 0)));

        Assert.All(scores.Values, s => Assert.Equal(ScoreNormalization.MaxNodeScore, s));
    }

    [Fact]
    public void Pods_without_schedule_anyway_constraints_score_zero_everywhere()
    {
        var scores = Score(Zones(("na", "a", 3), ("nb", "b", 0)), when: "DoNotSchedule");

        Assert.All(scores.Values, s => Assert.Equal(0, s));
    }
}
