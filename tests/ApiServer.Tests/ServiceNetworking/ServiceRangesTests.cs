using System.Net;
using Cluster.ApiServer.ServiceNetworking;

namespace Cluster.ApiServer.Tests.ServiceNetworking;

public sealed class ServiceRangesTests
{
    [Fact]
    public void The_default_service_range_starts_after_the_network_address_and_ends_before_broadcast()
    {
        var range = ServiceIpRange.Parse("10.96.0.0/12");
        Assert.Equal(IPAddress.Parse("10.96.0.1"), range.First);
        Assert.Equal((1 << 20) - 2, range.Size);
        Assert.Equal(IPAddress.Parse("10.111.255.254"), range.At(range.Size - 1));
        Assert.Null(range.OffsetOf(IPAddress.Parse("10.96.0.0")));
        Assert.Null(range.OffsetOf(IPAddress.Parse("10.111.255.255")));
        Assert.Null(range.OffsetOf(IPAddress.Parse("10.112.0.1")));
        Assert.Equal(9, range.OffsetOf(IPAddress.Parse("10.96.0.10")));
        Assert.Equal(256, range.StaticBand);
    }

    [Fact]
    public void A_cidr_with_host_bits_is_taken_as_its_network()
    {
        Assert.Equal("192.168.7.0/24", ServiceIpRange.Parse("192.168.7.99/24").ToString());
        Assert.Equal(16, ServiceIpRange.Parse("192.168.7.0/24").StaticBand);
        Assert.Equal(0, ServiceIpRange.Parse("192.168.7.0/28").StaticBand);
    }

    [Theory]
    [InlineData("10.0.0.0/8")]
    [InlineData("10.0.0.0/31")]
    [InlineData("fd00::/108")]
    [InlineData("10.0.0.0")]
    [InlineData("banana/12")]
    public void Ranges_too_large_too_small_or_malformed_are_refused(string cidr) =>
        Assert.Throws<FormatException>(() => ServiceIpRange.Parse(cidr));

    [Fact]
    public void Node_port_ranges_are_inclusive_and_checked()
    {
        var range = NodePortRange.Parse("30000-32767");
        Assert.Equal((30000, 2768, 32767), (range.Base, range.Size, range.Last));
        Assert.True(range.Contains(32767));
        Assert.False(range.Contains(32768));
        Assert.Equal(86, range.StaticBand);
        Assert.Equal(1, NodePortRange.Parse("8080").Size);
        Assert.Throws<FormatException>(() => NodePortRange.Parse("3-1"));
        Assert.Throws<FormatException>(() => NodePortRange.Parse("0-10"));
        Assert.Throws<FormatException>(() => NodePortRange.Parse("30000-70000"));
    }
}
