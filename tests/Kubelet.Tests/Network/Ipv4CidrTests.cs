using System.Net;
using Cluster.Kubelet.Network;

namespace Cluster.Kubelet.Tests.Network;

public sealed class Ipv4CidrTests
{
    public sealed record Case(string Text, string Network, string Gateway, string Broadcast, int PodAddresses);

    public static TheoryData<Case> Cases() =>
    [
        new("10.42.0.0/24", "10.42.0.0", "10.42.0.1", "10.42.0.255", 253),
        new("10.42.0.77/24", "10.42.0.0", "10.42.0.1", "10.42.0.255", 253),          // host bits cleared
        new("10.244.0.0/16", "10.244.0.0", "10.244.0.1", "10.244.255.255", 65533),
        new("192.168.1.8/29", "192.168.1.8", "192.168.1.9", "192.168.1.15", 5),
        new("172.16.0.4/30", "172.16.0.4", "172.16.0.5", "172.16.0.7", 1),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_cidr_knows_its_network_gateway_broadcast_and_pod_address_count(Case c)
    {
        var cidr = Ipv4Cidr.Parse(c.Text);

        Assert.Equal(IPAddress.Parse(c.Network), cidr.NetworkAddress);
        Assert.Equal(IPAddress.Parse(c.Gateway), cidr.Gateway);
        Assert.Equal(IPAddress.Parse(c.Broadcast), cidr.Broadcast);
        Assert.Equal(c.PodAddresses, cidr.PodAddressCount);
        Assert.True(cidr.Contains(cidr.Broadcast));
    }

    [Theory]
    [InlineData("10.42.0.0")]
    [InlineData("10.42.0.0/")]
    [InlineData("10.42.0.0/33")]
    [InlineData("10.42.0.0/31")]
    [InlineData("10.42.0.0/32")]
    [InlineData("10.42.0.0/-1")]
    [InlineData("10.42/16")]
    [InlineData("fd00::/64")]
    [InlineData("cluster0/24")]
    [InlineData("")]
    public void Text_that_is_no_ipv4_pod_network_is_refused_with_a_reason(string text)
    {
        Assert.False(Ipv4Cidr.TryParse(text, out _, out var error));
        Assert.Contains(text, error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => Ipv4Cidr.Parse(text));
    }

    [Fact]
    public void Contains_holds_only_for_ipv4_addresses_inside()
    {
        var cidr = Ipv4Cidr.Parse("10.42.0.0/24");

        Assert.True(cidr.Contains(IPAddress.Parse("10.42.0.200")));
        Assert.False(cidr.Contains(IPAddress.Parse("10.42.1.1")));
        Assert.False(cidr.Contains(IPAddress.Parse("::1")));
        Assert.Equal("10.42.0.0/24", cidr.ToString());
    }
}
