using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Kubelet.Pods;

namespace Cluster.Kubelet.Tests.Pods;

public sealed class PodDnsTests
{
    private static readonly ResolverConfig Node = new(["192.0.2.53", "192.0.2.54"], ["corp.example"], ["timeout:2"]);
    private static readonly PodDnsSettings Settings = new() { ClusterDns = ["10.96.0.10"], ClusterDomain = "cluster.local", ResolvConf = "/nonexistent" };

    private static Pod PodWith(string? policy = null, bool hostNetwork = false, PodDNSConfig? dnsConfig = null) => new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = "shop", Uid = "u1" },
        Spec = new PodSpec { DnsPolicy = policy, HostNetwork = hostNetwork, DnsConfig = dnsConfig },
    };

    private static string Form(Pod pod, PodDnsSettings? settings = null) => PodDns.Form(pod, settings ?? Settings, Node).Config.Render();

    private const string ClusterFile = "search shop.svc.cluster.local svc.cluster.local cluster.local corp.example\nnameserver 10.96.0.10\noptions ndots:5\n";
    private const string NodeFile = "search corp.example\nnameserver 192.0.2.53\nnameserver 192.0.2.54\noptions timeout:2\n";

    [Theory]
    [InlineData(null, false, ClusterFile)]
    [InlineData("ClusterFirst", false, ClusterFile)]
    [InlineData("ClusterFirst", true, NodeFile)]
    [InlineData("ClusterFirstWithHostNet", true, ClusterFile)]
    [InlineData("ClusterFirstWithHostNet", false, ClusterFile)]
    [InlineData("Default", false, NodeFile)]
    [InlineData("None", false, "")]
    public void The_policy_picks_the_cluster_or_the_node_configuration(string? policy, bool hostNetwork, string expected) =>
        Assert.Equal(expected, Form(PodWith(policy, hostNetwork)));

    [Fact]
    public void None_takes_only_dnsConfig()
    {
        var pod = PodWith("None", dnsConfig: new PodDNSConfig
        {
            Nameservers = ["1.1.1.1"],
            Searches = ["my.example"],
            Options = [new PodDNSConfigOption { Name = "ndots", Value = "2" }, new PodDNSConfigOption { Name = "edns0" }],
        });
        Assert.Equal("search my.example\nnameserver 1.1.1.1\noptions ndots:2 edns0\n", Form(pod));
    }

    [Fact]
    public void DnsConfig_is_appended_without_repeats_and_its_options_override_by_name()
    {
        var pod = PodWith("ClusterFirst", dnsConfig: new PodDNSConfig
        {
            Nameservers = ["10.96.0.10", "1.1.1.1"],
            Searches = ["cluster.local", "extra.example"],
            Options = [new PodDNSConfigOption { Name = "ndots", Value = "2" }, new PodDNSConfigOption { Name = "single-request-reopen" }],
        });
        Assert.Equal(
            "search shop.svc.cluster.local svc.cluster.local cluster.local corp.example extra.example\nnameserver 10.96.0.10\nnameserver 1.1.1.1\noptions ndots:2 single-request-reopen\n",
            Form(pod));
    }

    [Fact]
    public void A_custom_cluster_domain_shapes_the_search_path()
    {
        var text = Form(PodWith(), Settings with { ClusterDomain = "corp.internal" });
        Assert.StartsWith("search shop.svc.corp.internal svc.corp.internal corp.internal corp.example\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_cluster_DNS_ClusterFirst_falls_back_to_the_node_with_a_warning()
    {
        var result = PodDns.Form(PodWith(), Settings with { ClusterDns = [] }, Node);
        Assert.Equal(NodeFile, result.Config.Render());
        Assert.Equal("MissingClusterDNS", Assert.Single(result.Warnings).Reason);
    }

    [Fact]
    public void More_than_three_nameservers_are_cut_to_three_with_a_warning()
    {
        var result = PodDns.Form(PodWith(dnsConfig: new PodDNSConfig { Nameservers = ["1.1.1.1", "8.8.8.8", "9.9.9.9"] }), Settings, Node);
        Assert.Equal(["10.96.0.10", "1.1.1.1", "8.8.8.8"], result.Config.Nameservers);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal("DNSConfigForming", warning.Reason);
        Assert.EndsWith("the applied nameserver line is: 10.96.0.10 1.1.1.1 8.8.8.8", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_than_32_search_domains_are_cut_to_32()
    {
        var many = Enumerable.Range(1, 40).Select(i => $"d{i}.example").ToList();
        var result = PodDns.Form(PodWith("None", dnsConfig: new PodDNSConfig { Nameservers = ["1.1.1.1"], Searches = many }), Settings, Node);
        Assert.Equal(many.Take(32), result.Config.Searches);
        Assert.Equal("DNSConfigForming", Assert.Single(result.Warnings).Reason);
    }

    [Fact]
    public void A_search_line_over_2048_characters_loses_domains_from_its_end()
    {
        // 10 domains of 249 characters make a line of 2499; whole domains go from its end until it is at most 2048 (8 domains, 1999).
        var longDomains = Enumerable.Range(0, 10).Select(i => new string((char)('a' + i), 240) + ".example0").ToList();
        var result = PodDns.Form(PodWith("None", dnsConfig: new PodDNSConfig { Nameservers = ["1.1.1.1"], Searches = longDomains }), Settings, Node);
        Assert.Equal(longDomains.Take(8), result.Config.Searches);
        Assert.True(string.Join(' ', result.Config.Searches).Length <= PodDns.MaxSearchLineLength);
        Assert.Single(result.Warnings);
    }

    [Fact]
    public void A_search_domain_over_253_characters_is_dropped()
    {
        var tooLong = new string('x', 250) + ".example";
        var result = PodDns.Form(PodWith("None", dnsConfig: new PodDNSConfig { Nameservers = ["1.1.1.1"], Searches = ["ok.example", tooLong] }), Settings, Node);
        Assert.Equal(["ok.example"], result.Config.Searches);
    }

    [Fact]
    public void Within_the_limits_nothing_is_cut_and_nothing_is_warned() =>
        Assert.Empty(PodDns.Form(PodWith(), Settings, Node).Warnings);
}
