using Cluster.Api.Core.V1;
using Cluster.Controllers.Scheduling.Framework;
using Cluster.Controllers.Scheduling.Plugins;
using static Cluster.Controllers.Tests.Scheduling.SchedulingObjects;

namespace Cluster.Controllers.Tests.Scheduling.Plugins;

public sealed class BalancedAllocationTests
{
    // Upstream: fractions requested/allocatable (capped at 1) of cpu and memory, actual requests (no defaults),
    // score = (1 - |cpu - memory| / 2) * 100 truncated.
    public static TheoryData<string, Pod, NodeInfo, long> Cases => new()
    {
        { "equal fractions", Requesting("p", "2", "4Gi"), Info(Node("n")), 100 },
        { "cpu 1/2, memory 1/4", Requesting("p", "1", "1Gi"), Info(Node("n"), Requesting("x", "1", "1Gi")), 87 }, // 1 - 0.125
        { "cpu 3/4, memory 1/8", Requesting("p", "3", "1Gi"), Info(Node("n")), 68 }, // 1 - 0.3125
        { "only cpu requested", Requesting("p", "2"), Info(Node("n")), 75 },
        { "fractions are capped at one", Requesting("p", "8"), Info(Node("n")), 50 },
        { "pods on the node count with their actual requests", Requesting("p", "1"), Info(Node("n"), Pod("x"), Pod("y")), 87 }, // 1/4 vs 0
        { "a node with no memory compares nothing", Requesting("p", "1", "1Gi"), Info(Node("n", memory: "0")), 100 },
        { "a best-effort pod is not scored", Pod("p"), Info(Node("n"), Requesting("x", "3")), 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Score_is_one_minus_the_deviation_of_cpu_and_memory_fractions(string name, Pod pod, NodeInfo node, long expected)
    {
        var score = new BalancedAllocationPlugin().Score(new CycleState(), PodInfo.Of(pod), node);

        Assert.True(expected == score, $"{name}: {score}, expected {expected}");
    }
}
