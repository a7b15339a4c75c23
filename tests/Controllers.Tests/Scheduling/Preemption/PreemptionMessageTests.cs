using Cluster.Api.Core.V1;
using static Cluster.Controllers.Tests.Scheduling.Preemption.PreemptionWorld;

namespace Cluster.Controllers.Tests.Scheduling.Preemption;

public sealed class PreemptionMessageTests
{
    private static readonly Taint[] Tainted = [new() { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" }];

    public static TheoryData<string, Node[], Pod[], int, string> Cases => new()
    {
        {
            "no lower-priority pods anywhere",
            [Node("n1", 2), Node("n2", 2), Node("n3", 2)],
            [Pod("a", 100, 2, "n1"), Pod("b", 200, 2, "n2"), Pod("c", 100, 2, "n3")],
            2,
            "preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."
        },
        {
            "a node smaller than the request even when emptied is not helped by preemption",
            [Node("small", 1), Node("n2", 2), Node("n3", 2)],
            [Pod("a", 1, 1, "small"), Pod("b", 100, 2, "n2"), Pod("c", 100, 2, "n3")],
            2,
            "preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod."
        },
        {
            "unresolvable nodes are not helped by preemption",
            [Node("t1", 2, Tainted), Node("t2", 2, Tainted), Node("n3", 2)],
            [Pod("a", 1, 2, "t1"), Pod("c", 100, 2, "n3")],
            2,
            "preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling."
        },
        {
            "every node unresolvable",
            [Node("t1", 2, Tainted)],
            [Pod("a", 1, 2, "t1")],
            2,
            "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Failure_message_is_upstreams(string name, Node[] nodes, Pod[] pods, int preemptorCpu, string expected)
    {
        Assert.NotEmpty(name);

        var result = Preempt(Pod("high", 100, cpu: preemptorCpu), Snapshot(nodes, pods));

        Assert.False(result.Succeeded);
        Assert.True(result.ClearNomination);
        Assert.Equal(expected, result.Message);
    }

    [Fact]
    public void The_message_follows_the_scheduling_failure()
    {
        var snapshot = Snapshot([Node("n1", 2)], [Pod("a", 100, 2, "n1")]);
        var algorithm = new Controllers.Scheduling.Framework.SchedulingAlgorithm(Controllers.Scheduling.Framework.SchedulerProfile.Default());
        var preemptor = Controllers.Scheduling.Framework.PodInfo.Of(Pod("high", 100, cpu: 1));
        var error = algorithm.Schedule(preemptor, snapshot).Error!;

        error.PostFilterMessage = new Controllers.Scheduling.Preemption.Evaluator().Preempt(preemptor, error, snapshot, algorithm, []).Message;

        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.", error.Message);
    }
}
