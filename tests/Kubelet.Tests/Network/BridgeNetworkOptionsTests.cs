using Cluster.Kubelet.Network;

namespace Cluster.Kubelet.Tests.Network;

public sealed class BridgeNetworkOptionsTests
{
    private static readonly KubeletOptions Kubelet = new() { NodeName = "node-a", DataDirectory = "/var/lib/cluster" };

    [Fact]
    public void The_nodes_pod_cidr_wins_over_the_configured_one_and_state_lives_under_the_data_directory()
    {
        var fromNode = BridgeNetworkOptions.For(Kubelet, "10.42.3.0/24");
        var fallback = BridgeNetworkOptions.For(Kubelet with { PodCidr = "10.50.0.0/24" }, null);

        Assert.Equal("10.42.3.0/24", fromNode.PodCidr);
        Assert.Equal("10.50.0.0/24", fallback.PodCidr);
        Assert.Equal("cluster0", fromNode.BridgeName);
        Assert.Equal("/var/lib/cluster/network/cluster0", fromNode.StateDirectory);
        Assert.Equal("10.42.0.0/24", BridgeNetworkOptions.For(Kubelet, "").PodCidr);
    }

    public static TheoryData<BridgeNetworkOptions> Invalid() =>
    [
        new() { StateDirectory = "/s", BridgeName = "a-bridge-name-too-long" },
        new() { StateDirectory = "/s", BridgeName = "br/0" },
        new() { StateDirectory = "/s", BridgeName = "" },
        new() { StateDirectory = "/s", PodCidr = "10.42.0.0/31" },
        new() { StateDirectory = "/s", PodCidr = "fd00::/64" },
        new() { StateDirectory = "/s", ChainPrefix = "cluster" },
        new() { StateDirectory = "/s", Mtu = 100 },
        new() { StateDirectory = "/s", MasqueradeMarkBit = 32 },
        new() { StateDirectory = " " },
    ];

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Options_the_kernel_or_iptables_cannot_take_are_refused_before_anything_is_touched(BridgeNetworkOptions options)
    {
        Assert.ThrowsAny<ArgumentException>(options.Validate);
        Assert.ThrowsAny<ArgumentException>(() => new BridgeNetwork(options));
    }

    [Theory]
    [InlineData("10.42.0.0/33", "cluster0")]
    [InlineData("10.42.0.0/24", "way-too-long-name")]
    public void The_agent_options_refuse_a_bad_pod_cidr_or_bridge_name(string podCidr, string bridge)
    {
        Assert.Throws<ArgumentException>((Kubelet with { PodCidr = podCidr, BridgeName = bridge }).Validate);
    }
}
