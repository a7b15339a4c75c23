using Cluster.Api.Core.V1;
using Cluster.Controllers.Scheduling.Preemption;
using static Cluster.Controllers.Tests.Scheduling.Preemption.PreemptionWorld;

namespace Cluster.Controllers.Tests.Scheduling.Preemption;

public sealed class NodeChoiceTests
{
    [Theory]
    [InlineData(0, "n2")]   // preempting on n1 breaks the budget
    [InlineData(1, "n1")]   // the budget allows it: n1's victim has the lower priority
    public void A_node_whose_victims_break_no_budget_is_preferred(int disruptionsAllowed, string expected)
    {
        var snapshot = Snapshot([Node("n1", cpu: 2), Node("n2", cpu: 2)],
            [Pod("db", 1, cpu: 2, node: "n1", labels: App("db")), Pod("web", 5, cpu: 2, node: "n2", labels: App("web"))]);

        var result = Preempt(Pod("high", 100, cpu: 2), snapshot, [Pdb("db", disruptionsAllowed)]);

        Assert.Equal(expected, result.NodeName);
        Assert.Equal(0, result.NumPdbViolations);
    }

    [Fact]
    public void A_budget_in_another_namespace_does_not_protect()
    {
        var snapshot = Snapshot([Node("n1", cpu: 2), Node("n2", cpu: 2)],
            [Pod("db", 1, cpu: 2, node: "n1", labels: App("db")), Pod("web", 5, cpu: 2, node: "n2", labels: App("web"))]);

        var result = Preempt(Pod("high", 100, cpu: 2), snapshot, [Pdb("db", 0, ns: "other")]);

        Assert.Equal("n1", result.NodeName);
    }

    [Fact]
    public void Nodes_rejected_for_unresolvable_reasons_are_not_tried()
    {
        Taint[] taint = [new() { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" }];
        var snapshot = Snapshot([Node("tainted", cpu: 2, taints: taint), Node("n2", cpu: 2)],
            [Pod("cheap", 1, cpu: 2, node: "tainted"), Pod("dearer", 50, cpu: 2, node: "n2")]);

        var result = Preempt(Pod("high", 100, cpu: 2), snapshot);

        Assert.Equal("n2", result.NodeName);
        Assert.Equal(["dearer"], Names(result.Victims));
    }

    [Fact]
    public void The_cheapest_node_wins_when_every_node_is_dry_run()
    {
        var snapshot = Snapshot([Node("n1", cpu: 2), Node("n2", cpu: 2), Node("n3", cpu: 2)],
            [Pod("a", 30, cpu: 2, node: "n1"), Pod("b", 10, cpu: 2, node: "n2"), Pod("c", 20, cpu: 2, node: "n3")]);

        foreach (var offset in new[] { 0, 1, 2 })
            Assert.Equal("n2", Preempt(Pod("high", 100, cpu: 2), snapshot, offset: offset).NodeName);
    }

    [Theory]
    [InlineData(0, "n1")]
    [InlineData(1, "n2")]
    [InlineData(2, "n3")]
    public void With_few_candidates_wanted_the_dry_run_stops_at_the_first_from_the_offset(int offset, string expected)
    {
        var snapshot = Snapshot([Node("n1", cpu: 2), Node("n2", cpu: 2), Node("n3", cpu: 2)],
            [Pod("a", 30, cpu: 2, node: "n1"), Pod("b", 10, cpu: 2, node: "n2"), Pod("c", 20, cpu: 2, node: "n3")]);
        var args = new PreemptionArgs { MinCandidateNodesAbsolute = 1, MinCandidateNodesPercentage = 0 };

        var result = Preempt(Pod("high", 100, cpu: 2), snapshot, args: args, offset: offset);

        Assert.Equal(expected, result.NodeName);
    }

    [Fact]
    public void A_budget_breaking_candidate_does_not_stop_the_dry_run()
    {
        // One candidate wanted: n1 breaks a budget, so the search goes on to n2, which does not.
        var snapshot = Snapshot([Node("n1", cpu: 2), Node("n2", cpu: 2), Node("n3", cpu: 2)],
            [Pod("db", 1, cpu: 2, node: "n1", labels: App("db")), Pod("b", 10, cpu: 2, node: "n2"), Pod("c", 5, cpu: 2, node: "n3")]);
        var args = new PreemptionArgs { MinCandidateNodesAbsolute = 1, MinCandidateNodesPercentage = 0 };

        var result = Preempt(Pod("high", 100, cpu: 2), snapshot, [Pdb("db", 0)], args: args);

        Assert.Equal("n2", result.NodeName);
    }

    [Theory]
    [InlineData(10, 100, 50, 50)]
    [InlineData(10, 100, 500, 100)]
    [InlineData(10, 100, 5000, 500)]
    [InlineData(0, 1, 3, 1)]
    public void Number_of_candidates_follows_upstream(int percentage, int absolute, int nodes, int expected)
    {
        var args = new PreemptionArgs { MinCandidateNodesPercentage = percentage, MinCandidateNodesAbsolute = absolute };

        Assert.Equal(expected, args.NumCandidates(nodes));
    }
}
