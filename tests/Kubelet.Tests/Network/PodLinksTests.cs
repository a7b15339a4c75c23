using System.Net;
using Cluster.Kubelet.Network;

namespace Cluster.Kubelet.Tests.Network;

public sealed class PodLinksTests
{
    [Fact]
    public void The_host_veth_name_is_fifteen_characters_and_the_same_for_the_same_sandbox()
    {
        var name = PodLinks.HostVethName("0123456789abcdef");

        Assert.Equal(15, name.Length);
        Assert.StartsWith("veth", name, StringComparison.Ordinal);
        Assert.Equal(name, PodLinks.HostVethName("0123456789abcdef"));
        Assert.NotEqual(name, PodLinks.HostVethName("0123456789abcdee"));
    }

    [Fact]
    public void The_pod_side_script_sets_lo_the_address_eth0_and_the_default_route_idempotently()
    {
        var script = PodLinks.PodSide(IPAddress.Parse("10.42.0.7"), 24, IPAddress.Parse("10.42.0.1"));

        Assert.Equal("link set lo up\naddr replace 10.42.0.7/24 dev eth0\nlink set eth0 up\nroute replace default via 10.42.0.1 dev eth0\n", script);
    }

    [Fact]
    public void The_host_side_script_creates_the_pod_end_inside_the_namespace_with_the_bridge_mtu()
    {
        var script = PodLinks.HostSide("vethabc", "test-1", "cluster0", 1400);

        Assert.Equal(
            "link add vethabc mtu 1400 type veth peer name eth0 mtu 1400 netns test-1\nlink set vethabc master cluster0 up\nlink set dev vethabc type bridge_slave hairpin on\n",
            script);
    }
}
