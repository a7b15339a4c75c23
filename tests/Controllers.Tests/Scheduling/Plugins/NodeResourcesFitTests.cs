using Cluster.Api.Core.V1;
using Cluster.Controllers.Scheduling.Framework;
using Cluster.Controllers.Scheduling.Plugins;
using static Cluster.Controllers.Tests.Scheduling.SchedulingObjects;

namespace Cluster.Controllers.Tests.Scheduling.Plugins;

public sealed class NodeResourcesFitTests
{
    private static readonly NodeResourcesFitPlugin Plugin = new();

    private static Node Gpus(int pods = 110) =>
        Node("n", cpu: "4", memory: "8Gi", pods: pods, other: [("nvidia.com/gpu", "2"), ("hugepages-2Mi", "8Mi"), ("ephemeral-storage", "10Gi")]);

    public static TheoryData<string, Pod, NodeInfo, string[], bool> FilterCases => new()
    {
        { "fits an empty node", Requesting("p", "1", "1Gi"), Info(Node("n")), [], false },
        { "fits exactly what is left", Requesting("p", "2", "4Gi"), Info(Node("n"), Requesting("x", "2", "4Gi")), [], false },
        { "cpu short by a millicore", Requesting("p", "2001m"), Info(Node("n"), Requesting("x", "2")), ["Insufficient cpu"], false },
        { "memory short", Requesting("p", memory: "5Gi"), Info(Node("n"), Requesting("x", memory: "4Gi")), ["Insufficient memory"], false },
        { "both short, cpu first", Requesting("p", "3", "5Gi"), Info(Node("n"), Requesting("x", "2", "4Gi")), ["Insufficient cpu", "Insufficient memory"], false },
        { "more than the node has at all", Requesting("p", "5"), Info(Node("n")), ["Insufficient cpu"], true },
        { "too many pods", Pod("p"), Info(Node("n", pods: 2), Pod("x"), Pod("y")), ["Too many pods"], false },
        { "too many pods comes first", Requesting("p", "5"), Info(Node("n", pods: 1), Pod("x")), ["Too many pods", "Insufficient cpu"], true },
        { "a pod that requests nothing fits a full node", Pod("p"), Info(Node("n"), Requesting("x", "4", "8Gi")), [], false },
        { "extended resource short", Requesting("p", other: [("nvidia.com/gpu", "1")]), Info(Gpus(), Requesting("x", other: [("nvidia.com/gpu", "2")])), ["Insufficient nvidia.com/gpu"], false },
        { "extended resource the node lacks", Requesting("p", other: [("example.com/fpga", "1")]), Info(Node("n")), ["Insufficient example.com/fpga"], true },
        { "a zero extended request is ignored", Requesting("p", other: [("example.com/fpga", "0")]), Info(Node("n")), [], false },
        { "hugepages short", Requesting("p", other: [("hugepages-2Mi", "6Mi")]), Info(Gpus(), Requesting("x", other: [("hugepages-2Mi", "4Mi")])), ["Insufficient hugepages-2Mi"], false },
        { "ephemeral storage short", Requesting("p", other: [("ephemeral-storage", "11Gi")]), Info(Gpus()), ["Insufficient ephemeral-storage"], true },
        { "an init container's peak must fit", Pod("p", Container("1")).WithSpec(s => s with { InitContainers = [Container("3", name: "i")] }), Info(Node("n"), Requesting("x", "2")), ["Insufficient cpu"], false },
    };

    [Theory]
    [MemberData(nameof(FilterCases))]
    public void Filter_reports_every_insufficient_resource_as_upstream(string name, Pod pod, NodeInfo node, string[] reasons, bool unresolvable)
    {
        var result = Plugin.Filter(new CycleState(), PodInfo.Of(pod), node);

        Assert.True(reasons.SequenceEqual(result.Reasons ?? []), $"{name}: [{string.Join(", ", result.Reasons ?? [])}]");
        Assert.True(unresolvable == result.Unresolvable, $"{name}: unresolvable {result.Unresolvable}");
    }

    [Fact]
    public void The_room_left_follows_pods_added_removed_and_copies()
    {
        var pod = PodInfo.Of(Requesting("p", "3"));
        var node = Info(Node("n", pods: 3));
        var taker = PodInfo.Of(Requesting("x", "2"));
        node.AddPod(taker);
        Assert.Equal(["Insufficient cpu"], NodeResourcesFitPlugin.Insufficient(pod.Requests, node)!);
        var copy = node.Clone();
        Assert.Equal(Plugin.Score(new CycleState(), pod, node), Plugin.Score(new CycleState(), pod, copy));
        Assert.Equal(new BalancedAllocationPlugin().Score(new CycleState(), pod, node), new BalancedAllocationPlugin().Score(new CycleState(), pod, copy));
        Assert.True(node.RemovePod(taker));
        Assert.Null(NodeResourcesFitPlugin.Insufficient(pod.Requests, node));
        Assert.Equal(["Insufficient cpu"], NodeResourcesFitPlugin.Insufficient(pod.Requests, copy)!);
        copy.AddPod(PodInfo.Of(Pod("y")));
        copy.AddPod(PodInfo.Of(Pod("z")));
        Assert.Equal(["Too many pods", "Insufficient cpu"], NodeResourcesFitPlugin.Insufficient(pod.Requests, copy)!);
        node.SetNode(Node("n", cpu: "2"));
        Assert.Equal(["Insufficient cpu"], NodeResourcesFitPlugin.Insufficient(pod.Requests, node)!);
    }

    // LeastAllocated: per resource (allocatable - requested) * 100 / allocatable, then the average of cpu and memory,
    // with non-zero requests (100m and 200Mi for a container that names neither).
    public static TheoryData<string, Pod, NodeInfo, long> ScoreCases => new()
    {
        { "a quarter of an empty node", Requesting("p", "1", "2Gi"), Info(Node("n")), 75 },
        { "cpu 3/4 used, memory 1/4 used", Requesting("p", "1", "1Gi"), Info(Node("n"), Requesting("x", "2", "1Gi")), (25 + 75) / 2 },
        { "a pod without requests counts the defaults", Pod("p"), Info(Node("n")), (3900 * 100 / 4000 + (8192 - 200) * 100 / 8192) / 2 },
        { "pods without requests on the node count too", Requesting("p", "1", "1Gi"), Info(Node("n"), Pod("x"), Pod("y")), (2800 * 100 / 4000 + (7168 - 400) * 100 / 8192) / 2 },
        { "over capacity scores zero for that resource", Requesting("p", "5", "1Gi"), Info(Node("n")), (0 + 87) / 2 },
        { "a node with no memory is scored on cpu alone", Requesting("p", "1", "1Gi"), Info(Node("n", memory: "0")), 75 },
        { "a node with nothing allocatable scores zero", Pod("p"), Info(Node("n", cpu: "0", memory: "0")), 0 },
    };

    [Theory]
    [MemberData(nameof(ScoreCases))]
    public void Score_is_upstreams_least_allocated(string name, Pod pod, NodeInfo node, long expected)
    {
        var score = Plugin.Score(new CycleState(), PodInfo.Of(pod), node);

        Assert.True(expected == score, $"{name}: {score}, expected {expected}");
    }
}
