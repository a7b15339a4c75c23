using Cluster.Kubelet.Proxy;

namespace Cluster.Kubelet.Tests.Proxy;

public sealed class ServiceProxyOptionsTests
{
    [Theory]
    [InlineData("cluster0", "CLUSTER-SVC")]
    [InlineData("ct1a2b3c4d", "CS-CT1A2B3C4D")]
    [InlineData("br.test_0", "CS-BR-TEST-0")]
    [InlineData("averyverylong15", "CS-AVERYVERYL")]
    public void An_agent_names_its_service_chains_after_its_bridge_so_agents_sharing_a_namespace_keep_apart(string bridge, string prefix)
    {
        Assert.Equal(prefix, ServiceProxyOptions.ChainPrefixFor(bridge));
        _ = new ProxyChainNames(prefix);                                       // a valid prefix
    }

    [Theory]
    [InlineData("", "10.244.0.0/16", "the node name")]
    [InlineData("n", "10.244.0.0/33", "cluster CIDR")]
    [InlineData("n", "fd00::/64", "cluster CIDR")]
    public void Invalid_options_are_refused_naming_what_is_wrong(string node, string cidr, string what)
    {
        var error = Assert.Throws<ArgumentException>(() => new ServiceProxyOptions { NodeName = node, ClusterCidr = cidr }.Validate());
        Assert.Contains(what, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_prefix_longer_than_13_characters_or_with_lower_case_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new ProxyChainNames("CLUSTER-SVC-XYZ"));
        Assert.Throws<ArgumentException>(() => new ProxyChainNames("cluster"));
    }
}
