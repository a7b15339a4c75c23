using Cluster.Controllers.Scheduling.Framework;
using static Cluster.Controllers.Tests.Scheduling.SchedulingObjects;

namespace Cluster.Controllers.Tests.Scheduling.Framework;

public sealed class SchedulingAlgorithmTests
{
    private static Snapshot Nodes(int count) => Snapshot.Of(Enumerable.Range(0, count).Select(i => Info($"n{i:D4}")));

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(0, 10, 10)]
    [InlineData(40, 10, 10)]
    [InlineData(0, 50, 50)]
    [InlineData(0, 99, 99)]
    [InlineData(0, 100, 100)]
    [InlineData(0, 200, 100)] // 49% is 98, below the minimum of 100
    [InlineData(0, 1000, 420)] // 50 - 1000/125 = 42%
    [InlineData(40, 1000, 400)]
    [InlineData(0, 5000, 500)] // 50 - 40 = 10%
    [InlineData(0, 6000, 300)] // 50 - 48 = 2%, raised to the 5% floor
    [InlineData(40, 6000, 2400)]
    [InlineData(100, 6000, 6000)]
    [InlineData(1, 1000, 100)] // an explicit percentage still finds at least 100
    public void Number_of_feasible_nodes_to_find_is_upstreams_adaptive_percentage(int percentage, int nodes, int expected)
    {
        Assert.Equal(expected, SchedulingAlgorithm.NumFeasibleNodesToFind(percentage, nodes));
    }

    [Fact]
    public void Scans_of_consecutive_pods_start_where_the_previous_one_stopped()
    {
        var filter = new RecordingFilter();
        var algorithm = new SchedulingAlgorithm(new SchedulerProfile([], [filter], []), new Random(1));
        var snapshot = Nodes(250); // 48% of 250: 120 feasible nodes wanted

        var spans = new List<(string First, string Last, int Count)>();
        for (var i = 0; i < 3; i++)
        {
            filter.Seen.Clear();
            var result = algorithm.Schedule(PodInfo.Of(Pod($"p{i}")), snapshot);
            Assert.Equal(120, result.EvaluatedNodes);
            Assert.Equal(120, result.FeasibleNodes);
            spans.Add((filter.Seen[0], filter.Seen[^1], filter.Seen.Count));
        }

        Assert.Equal([("n0000", "n0119", 120), ("n0120", "n0239", 120), ("n0240", "n0109", 120)], spans);
    }

    [Fact]
    public void Infeasible_nodes_count_towards_the_next_start()
    {
        var filter = new RecordingFilter { Reject = n => string.CompareOrdinal(n, "n0050") < 0 };
        var algorithm = new SchedulingAlgorithm(new SchedulerProfile([], [filter], []), new Random(1));
        var snapshot = Nodes(200); // 100 feasible nodes wanted

        var first = algorithm.Schedule(PodInfo.Of(Pod("a")), snapshot);
        filter.Seen.Clear();
        algorithm.Schedule(PodInfo.Of(Pod("b")), snapshot);

        Assert.Equal(150, first.EvaluatedNodes); // 50 rejected + 100 feasible
        Assert.Equal("n0150", filter.Seen[0]);
    }

    [Fact]
    public void Picks_the_node_with_the_highest_weighted_score()
    {
        var favoursA = new FixedScores("A", new() { ["n0000"] = 100, ["n0001"] = 0, ["n0002"] = 40 });
        var favoursB = new FixedScores("B", new() { ["n0000"] = 50, ["n0001"] = 100, ["n0002"] = 60 });
        var profile = new SchedulerProfile([], [], [(favoursA, 1), (favoursB, 3)]);

        // n0000: 100 + 150 = 250, n0001: 0 + 300 = 300, n0002: 40 + 180 = 220
        var result = new SchedulingAlgorithm(profile, new Random(1)).Schedule(PodInfo.Of(Pod("p")), Nodes(3));

        Assert.Equal("n0001", result.Node);
        Assert.Equal(3, result.FeasibleNodes);
    }

    [Fact]
    public void Ties_for_the_top_score_are_broken_at_random()
    {
        var scores = new FixedScores("S", new() { ["n0000"] = 10, ["n0001"] = 90, ["n0002"] = 90, ["n0003"] = 90 });
        var profile = new SchedulerProfile([], [], [(scores, 1)]);
        var algorithm = new SchedulingAlgorithm(profile, new Random(42));

        var picks = Enumerable.Range(0, 300).Select(i => algorithm.Schedule(PodInfo.Of(Pod($"p{i}")), Nodes(4)).Node!).ToList();

        Assert.DoesNotContain("n0000", picks);
        foreach (var node in new[] { "n0001", "n0002", "n0003" }) Assert.InRange(picks.Count(p => p == node), 60, 140);
    }

    [Fact]
    public void The_same_seed_makes_the_same_choices()
    {
        var scores = new FixedScores("S", new() { ["n0000"] = 5, ["n0001"] = 5, ["n0002"] = 5 });
        var profile = new SchedulerProfile([], [], [(scores, 1)]);
        List<string?> Run(int seed)
        {
            var algorithm = new SchedulingAlgorithm(profile, new Random(seed));
            return [.. Enumerable.Range(0, 20).Select(i => algorithm.Schedule(PodInfo.Of(Pod($"p{i}")), Nodes(3)).Node)];
        }

        Assert.Equal(Run(7), Run(7));
    }

    [Fact]
    public void A_pod_that_fits_one_node_goes_there_without_scoring()
    {
        var tainted = Node("a", taints: [Taint("dedicated", "gpu", "NoSchedule")]);
        var full = Node("b", cpu: "1");
        var snapshot = Snapshot.Of([Info(tainted), Info(full), Info(Node("c"))]);
        var scores = new FixedScores("S", []);
        var profile = SchedulerProfile.Default() with { Scores = [(scores, 1)] };

        var result = new SchedulingAlgorithm(profile, new Random(1)).Schedule(PodInfo.Of(Requesting("p", cpu: "2")), snapshot);

        Assert.Equal("c", result.Node);
        Assert.Equal((3, 1), (result.EvaluatedNodes, result.FeasibleNodes));
        Assert.Equal(0, scores.Calls);
    }

    [Fact]
    public void No_nodes_is_a_fit_error_over_zero_nodes()
    {
        var result = new SchedulingAlgorithm(SchedulerProfile.Default(), new Random(1)).Schedule(PodInfo.Of(Pod("p")), Snapshot.Of([]));

        Assert.Null(result.Node);
        Assert.Equal(0, result.Error!.NumAllNodes);
    }

    [Fact]
    public void A_pod_that_fits_nowhere_gets_upstreams_message()
    {
        var gpu = new[] { Taint("dedicated", "gpu", "NoSchedule") };
        var snapshot = Snapshot.Of([
            Info(Node("a", cpu: "1")), Info(Node("b"), Requesting("x", cpu: "3")),
            Info(Node("c", taints: gpu)), Info(Node("d", taints: gpu)), Info(Node("e", taints: gpu)),
        ]);

        var result = new SchedulingAlgorithm(SchedulerProfile.Default(), new Random(1)).Schedule(PodInfo.Of(Requesting("p", cpu: "2")), snapshot);

        Assert.Null(result.Node);
        Assert.Equal(5, result.EvaluatedNodes);
        Assert.Equal("0/5 nodes are available: 2 Insufficient cpu, 3 node(s) had untolerated taint {dedicated: gpu}.", result.Error!.Message);
        Assert.Equal(["NodeResourcesFit", "TaintToleration"], result.Error.RejectingPlugins.Order(StringComparer.Ordinal));
        Assert.True(result.Error.NodeResults["a"].Unresolvable); // asks for more than the node has: preemption cannot help
        Assert.False(result.Error.NodeResults["b"].Unresolvable);
        Assert.True(result.Error.NodeResults["c"].Unresolvable);
    }

    [Fact]
    public void A_pre_filter_rejection_is_reported_once_not_per_node()
    {
        var profile = SchedulerProfile.Default() with { PreFilters = [new RejectingPreFilter()] };

        var result = new SchedulingAlgorithm(profile, new Random(1)).Schedule(PodInfo.Of(Pod("p")), Nodes(3));

        Assert.Equal("0/3 nodes are available: node(s) didn't match pod affinity rules.", result.Error!.Message);
        Assert.Equal(3, result.Error.NodeResults.Count);
        Assert.Equal(["Rejecting"], result.Error.RejectingPlugins);
    }

    [Fact]
    public void Default_profile_prefers_the_least_allocated_untainted_node()
    {
        var busy = Info(Node("busy"), Requesting("x", cpu: "3", memory: "6Gi"));
        var soft = Info(Node("soft", taints: [Taint("spot", "true", "PreferNoSchedule")]));
        var free = Info(Node("free"));
        var algorithm = new SchedulingAlgorithm(SchedulerProfile.Default(), new Random(1));

        var result = algorithm.Schedule(PodInfo.Of(Requesting("p", cpu: "500m", memory: "1Gi")), Snapshot.Of([busy, soft, free]));

        Assert.Equal("free", result.Node);
    }

    private sealed class RecordingFilter : IFilterPlugin
    {
        public List<string> Seen { get; } = [];

        public Func<string, bool> Reject { get; init; } = _ => false;

        public string Name => "Recording";

        public FilterResult Filter(CycleState state, PodInfo pod, NodeInfo node)
        {
            Seen.Add(node.Name);
            return Reject(node.Name) ? FilterResult.Unschedulable("rejected") : FilterResult.Fits;
        }
    }

    private sealed class FixedScores(string name, Dictionary<string, long> scores) : IScorePlugin
    {
        public int Calls { get; private set; }

        public string Name => name;

        public long Score(CycleState state, PodInfo pod, NodeInfo node)
        {
            Calls++;
            return scores.GetValueOrDefault(node.Name);
        }
    }

    private sealed class RejectingPreFilter : IPreFilterPlugin
    {
        public string Name => "Rejecting";

        public FilterResult PreFilter(CycleState state, PodInfo pod, Snapshot snapshot) =>
            FilterResult.UnresolvableBy("node(s) didn't match pod affinity rules");
    }
}
