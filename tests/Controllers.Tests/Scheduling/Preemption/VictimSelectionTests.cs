using Cluster.Api.Core.V1;
using static Cluster.Controllers.Tests.Scheduling.Preemption.PreemptionWorld;

namespace Cluster.Controllers.Tests.Scheduling.Preemption;

public sealed class VictimSelectionTests
{
    [Fact]
    public void Lower_priority_pods_in_the_way_become_victims()
    {
        var snapshot = Snapshot([Node("n1", cpu: 2)], [Pod("low-a", 1, cpu: 1, node: "n1"), Pod("low-b", 2, cpu: 1, node: "n1")]);

        var result = Preempt(Pod("high", 100, cpu: 2), snapshot);

        Assert.True(result.Succeeded);
        Assert.Equal("n1", result.NodeName);
        Assert.Equal(["low-b", "low-a"], Names(result.Victims));
        Assert.Equal("", result.Message);
    }

    public static TheoryData<string, int[], int[], int, string[]> ReprieveCases => new()
    {
        // name, victim priorities, victim cpus, preemptor cpu (node has 4), expected victims (most important first)
        { "only the pod whose room is needed goes", [10, 5, 1], [1, 1, 2], 2, ["p3"] },
        { "higher priority is reprieved first", [10, 5], [2, 2], 2, ["p2"] },
        { "equal priority: the longer running is reprieved", [5, 5], [2, 2], 2, ["p2"] },
        { "all go when all are needed", [3, 2, 1], [1, 1, 2], 4, ["p1", "p2", "p3"] },
    };

    [Theory]
    [MemberData(nameof(ReprieveCases))]
    public void Victims_are_the_fewest_least_important_pods_that_make_room(string name, int[] priorities, int[] cpus, int preemptorCpu, string[] expected)
    {
        Assert.NotEmpty(name);
        var pods = priorities.Select((p, i) => Pod($"p{i + 1}", p, cpu: cpus[i], node: "n1", startMinute: i)).ToList();
        var snapshot = Snapshot([Node("n1", cpu: 4)], pods);

        var result = Preempt(Pod("high", 100, cpu: preemptorCpu), snapshot);

        Assert.Equal("n1", result.NodeName);
        Assert.Equal(expected, Names(result.Victims));
    }

    [Theory]
    [InlineData(100, false)]
    [InlineData(200, false)]
    [InlineData(99, true)]
    public void Only_strictly_lower_priority_pods_are_preempted(int occupantPriority, bool preempts)
    {
        var snapshot = Snapshot([Node("n1", cpu: 2)], [Pod("occupant", occupantPriority, cpu: 2, node: "n1")]);

        var result = Preempt(Pod("preemptor", 100, cpu: 2), snapshot);

        Assert.Equal(preempts, result.Succeeded);
        Assert.Equal(preempts ? ["occupant"] : [], Names(result.Victims));
    }

    [Fact]
    public void Higher_priority_pods_stay_even_when_removing_them_would_help()
    {
        // The preemptor needs 3 cores: the 1-core victim is not enough while the 2-core higher-priority pod stays.
        var snapshot = Snapshot([Node("n1", cpu: 4)], [Pod("higher", 200, cpu: 2, node: "n1"), Pod("low", 1, cpu: 1, node: "n1"), Pod("low2", 1, cpu: 1, node: "n1")]);

        var result = Preempt(Pod("preemptor", 100, cpu: 3), snapshot);

        Assert.False(result.Succeeded);
        Assert.Equal("preemption: 0/1 nodes are available: 1 Insufficient cpu.", result.Message);
    }

    [Fact]
    public void Pdb_protected_victims_are_reprieved_before_unprotected_ones()
    {
        // By importance alone "unprotected" (priority 5) would be reprieved and "protected" (priority 1) evicted.
        var snapshot = Snapshot([Node("n1", cpu: 2)],
            [Pod("protected", 1, cpu: 1, node: "n1", labels: App("db")), Pod("unprotected", 5, cpu: 1, node: "n1", labels: App("web"))]);

        var result = Preempt(Pod("high", 100, cpu: 1), snapshot, [Pdb("db", disruptionsAllowed: 0)]);

        Assert.Equal(["unprotected"], Names(result.Victims));
        Assert.Equal(0, result.NumPdbViolations);
    }

    [Fact]
    public void Pdb_violations_are_counted_when_the_protected_pod_must_go()
    {
        var snapshot = Snapshot([Node("n1", cpu: 2)],
            [Pod("db-0", 1, cpu: 1, node: "n1", labels: App("db")), Pod("db-1", 1, cpu: 1, node: "n1", labels: App("db"))]);

        var result = Preempt(Pod("high", 100, cpu: 2), snapshot, [Pdb("db", disruptionsAllowed: 1)]);

        Assert.Equal(2, result.Victims.Count);
        Assert.Equal(1, result.NumPdbViolations);
    }

    [Fact]
    public void Nominated_pods_of_higher_priority_keep_their_room()
    {
        // 4 cores full with two 2-core victims; a 2-core pod of higher priority than the preemptor is nominated there.
        var snapshot = Snapshot([Node("n1", cpu: 4)], [Pod("low", 1, cpu: 2, node: "n1"), Pod("low2", 1, cpu: 2, node: "n1", startMinute: 1)]);
        IReadOnlyList<Pod> nominated = [Pod("waiting", 500, cpu: 2, nominatedNode: "n1")];

        var withNomination = Preempt(Pod("high", 100, cpu: 2), snapshot, nominated: n => n == "n1" ? nominated : []);
        var without = Preempt(Pod("high", 100, cpu: 2), snapshot);

        Assert.Equal(["low", "low2"], Names(withNomination.Victims));
        Assert.Equal(["low2"], Names(without.Victims));
    }

    [Fact]
    public void A_node_the_nominated_pods_fill_is_no_candidate()
    {
        var snapshot = Snapshot([Node("n1", cpu: 4)], [Pod("low", 1, cpu: 2, node: "n1"), Pod("low2", 1, cpu: 2, node: "n1")]);
        IReadOnlyList<Pod> nominated = [Pod("waiting", 500, cpu: 2, nominatedNode: "n1")];

        var result = Preempt(Pod("high", 100, cpu: 3), snapshot, nominated: _ => nominated);

        Assert.False(result.Succeeded);
        Assert.Equal("preemption: 0/1 nodes are available: 1 Insufficient cpu.", result.Message);
    }

    [Fact]
    public void Nominated_pods_of_lower_priority_do_not_hold_the_node()
    {
        var snapshot = Snapshot([Node("n1", cpu: 2)], [Pod("low", 1, cpu: 2, node: "n1")]);
        IReadOnlyList<Pod> nominated = [Pod("waiting", 50, cpu: 2, nominatedNode: "n1")];

        var result = Preempt(Pod("high", 100, cpu: 2), snapshot, nominated: _ => nominated);

        Assert.Equal(["low"], Names(result.Victims));
    }
}
