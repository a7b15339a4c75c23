using Cluster.Api.Core.V1;
using Cluster.Controllers.Scheduling.Framework;
using Cluster.Controllers.Scheduling.Plugins;
using static Cluster.Controllers.Tests.Scheduling.SchedulingObjects;

namespace Cluster.Controllers.Tests.Scheduling.Plugins;

/// <summary>NodeUnschedulable, NodeName and NodePorts.</summary>
public sealed class NodeFilterPluginsTests
{
    public static TheoryData<string, bool, Toleration[], bool> UnschedulableCases => new()
    {
        { "schedulable node", false, [], true },
        { "cordoned node", true, [], false },
        { "cordoned node, pod tolerates the unschedulable taint", true, [Toleration("node.kubernetes.io/unschedulable", "Exists", effect: "NoSchedule")], true },
        { "cordoned node, pod tolerates everything", true, [Toleration(null, "Exists")], true },
        { "cordoned node, toleration for NoExecute only", true, [Toleration("node.kubernetes.io/unschedulable", "Exists", effect: "NoExecute")], false },
    };

    [Theory]
    [MemberData(nameof(UnschedulableCases))]
    public void Cordoned_nodes_take_only_pods_that_tolerate_it(string name, bool unschedulable, Toleration[] tolerations, bool fits)
    {
        var pod = Pod("p").WithSpec(s => s with { Tolerations = tolerations });

        var result = new NodeUnschedulablePlugin().Filter(new CycleState(), PodInfo.Of(pod), Info(Node("n", unschedulable: unschedulable)));

        Assert.True(fits == result.IsSuccess, name);
        if (!fits)
        {
            Assert.Equal(["node(s) were unschedulable"], result.Reasons);
            Assert.True(result.Unresolvable);
        }
    }

    [Theory]
    [InlineData(null, "a", true)]
    [InlineData("a", "a", true)]
    [InlineData("a", "b", false)]
    public void A_pod_naming_a_node_fits_only_that_node(string? nodeName, string node, bool fits)
    {
        var pod = nodeName is null ? Pod("p") : Pod("p").OnNode(nodeName);

        var result = new NodeNamePlugin().Filter(new CycleState(), PodInfo.Of(pod), Info(Node(node)));

        Assert.Equal(fits, result.IsSuccess);
        if (!fits)
        {
            Assert.Equal(["node(s) didn't match the requested node name"], result.Reasons);
            Assert.True(result.Unresolvable);
        }
    }

    private static Pod WithPort(string name, int hostPort, string? protocol = null, string? hostIp = null) =>
        Pod(name, Container() with { Ports = [new ContainerPort { ContainerPortValue = 80, HostPort = hostPort, Protocol = protocol, HostIP = hostIp }] });

    public static TheoryData<string, Pod, Pod, bool> PortCases => new()
    {
        { "same port on all addresses", WithPort("p", 8080), WithPort("x", 8080), false },
        { "another port", WithPort("p", 8080), WithPort("x", 8081), true },
        { "another protocol", WithPort("p", 53, "UDP"), WithPort("x", 53, "TCP"), true },
        { "an empty protocol is TCP", WithPort("p", 8080), WithPort("x", 8080, "TCP"), false },
        { "different specific addresses", WithPort("p", 8080, hostIp: "10.0.0.1"), WithPort("x", 8080, hostIp: "10.0.0.2"), true },
        { "the same specific address", WithPort("p", 8080, hostIp: "10.0.0.1"), WithPort("x", 8080, hostIp: "10.0.0.1"), false },
        { "all addresses against a specific one", WithPort("p", 8080), WithPort("x", 8080, hostIp: "10.0.0.1"), false },
        { "a specific address against all addresses", WithPort("p", 8080, hostIp: "10.0.0.1"), WithPort("x", 8080, hostIp: "0.0.0.0"), false },
        { "container ports without host ports never conflict", Pod("p", Container() with { Ports = [new ContainerPort { ContainerPortValue = 80 }] }), Pod("x", Container() with { Ports = [new ContainerPort { ContainerPortValue = 80 }] }), true },
    };

    [Theory]
    [MemberData(nameof(PortCases))]
    public void Host_ports_must_be_free_on_the_node(string name, Pod pod, Pod existing, bool fits)
    {
        var result = new NodePortsPlugin().Filter(new CycleState(), PodInfo.Of(pod), Info(Node("n"), existing));

        Assert.True(fits == result.IsSuccess, name);
        if (!fits)
        {
            Assert.Equal(["node(s) didn't have free ports for the requested pod ports"], result.Reasons);
            Assert.False(result.Unresolvable);
        }
    }

    [Fact]
    public void Removing_a_pod_frees_its_host_port()
    {
        var existing = WithPort("x", 8080);
        var node = Info(Node("n"), existing, WithPort("y", 9090));
        var plugin = new NodePortsPlugin();

        Assert.True(node.RemovePod(PodInfo.Of(existing)));

        Assert.True(plugin.Filter(new CycleState(), PodInfo.Of(WithPort("p", 8080)), node).IsSuccess);
        Assert.False(plugin.Filter(new CycleState(), PodInfo.Of(WithPort("p", 9090)), node).IsSuccess);
    }
}
