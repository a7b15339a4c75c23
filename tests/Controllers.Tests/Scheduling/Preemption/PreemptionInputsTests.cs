using Cluster.Api.Core.V1;
using Cluster.Controllers.Scheduling.Framework;
using Cluster.Controllers.Scheduling.Plugins;
using Cluster.Controllers.Scheduling.Preemption;
using static Cluster.Controllers.Tests.Scheduling.Preemption.PreemptionWorld;

namespace Cluster.Controllers.Tests.Scheduling.Preemption;

public sealed class PreemptionInputsTests
{
    [Fact]
    public void PreFilter_state_is_recomputed_without_the_victims()
    {
        var profile = new SchedulerProfile([new ClusterPodLimitPlugin(2)], [new ClusterPodLimitPlugin(2), new NodeResourcesFitPlugin()], []);
        var snapshot = Snapshot([Node("n1", cpu: 8), Node("n2", cpu: 8)], [Pod("low", 1, node: "n1"), Pod("vip", 500, node: "n2")]);

        var result = Preempt(Pod("high", 100), snapshot, profile: profile);

        Assert.Equal("n1", result.NodeName);
        Assert.Equal(["low"], Names(result.Victims));
    }

    [Fact]
    public void Preempting_leaves_the_snapshot_as_it_was()
    {
        var snapshot = Snapshot([Node("n1", cpu: 2), Node("n2", cpu: 2)], [Pod("a", 1, cpu: 2, node: "n1"), Pod("b", 2, cpu: 2, node: "n2")]);
        IReadOnlyList<Pod> nominated = [Pod("waiting", 500, cpu: 1, nominatedNode: "n1")];

        var result = Preempt(Pod("high", 100, cpu: 1), snapshot, nominated: _ => nominated);

        Assert.True(result.Succeeded);
        Assert.Equal(["a"], Names(snapshot.Get("n1")!.Pods.Select(p => p.Pod)));
        Assert.Equal(["b"], Names(snapshot.Get("n2")!.Pods.Select(p => p.Pod)));
        Assert.Equal(2000, snapshot.Get("n1")!.Requested.MilliCpu);
    }

    public static TheoryData<string, PodDisruptionBudgetCase, string[]> PdbCases => new()
    {
        { "budget of one: the second matching pod violates", new([("p1", "db"), ("p2", "db")], 1), ["p2"] },
        { "budget of zero: every matching pod violates", new([("p1", "db"), ("p2", "web")], 0), ["p1"] },
        { "pods already disrupted do not use the budget", new([("p1", "db"), ("p2", "db")], 1, Disrupted: "p1"), [] },
        { "pods without labels match no budget", new([("p1", ""), ("p2", "")], 0), [] },
        { "an empty selector matches nothing", new([("p1", "db")], 0, EmptySelector: true), [] },
    };

    [Theory]
    [MemberData(nameof(PdbCases))]
    public void Pdb_violations_follow_upstream(string name, PodDisruptionBudgetCase input, string[] violating)
    {
        Assert.NotEmpty(name);
        var victims = input.Pods.Select(p => PodInfo.Of(Pod(p.Name, 1, node: "n1", labels: p.App == "" ? null : App(p.App)))).ToList();
        var pdb = Pdb("db", input.Allowed, disrupted: input.Disrupted is { } d ? new Dictionary<string, DateTimeOffset> { [d] = Start } : null);
        if (input.EmptySelector) pdb = pdb with { Spec = pdb.Spec! with { Selector = new Api.Meta.V1.LabelSelector() } };

        var (bad, good) = PdbViolations.Split(victims, [pdb]);

        Assert.Equal(violating, Names(bad.Select(p => p.Pod)));
        Assert.Equal(victims.Count, bad.Count + good.Count);
    }

    [Fact]
    public void Nominated_pods_of_at_least_the_pods_priority_are_added_except_itself()
    {
        var node = new NodeInfo("n1");
        node.SetNode(Node("n1"));
        var pod = PodInfo.Of(Pod("me", 100, nominatedNode: "n1"));
        IReadOnlyList<Pod> nominated = [Pod("me", 100, nominatedNode: "n1"), Pod("equal", 100), Pod("higher", 300), Pod("lower", 50)];

        var added = NominatedPods.AddTo(node, nominated, pod);

        Assert.True(added);
        Assert.Equal(["equal", "higher"], Names(node.Pods.Select(p => p.Pod)));
        Assert.Equal(["lower"], Names(NominatedPods.LowerPriority(nominated, pod)));
        Assert.False(NominatedPods.AddTo(node, [Pod("lower", 50)], pod));
    }
}
