using Cluster.Kubelet.Pods;

namespace Cluster.Kubelet.Tests.Pods;

public sealed class ResolverConfigTests
{
    [Fact]
    public void The_node_file_is_read_as_the_kubelet_reads_it()
    {
        var config = ResolverConfig.Parse("""
            # generated
            nameserver 10.0.0.2
            search first.example
            search corp.example. . lab.example ; trailing comment
            nameserver fe80::1%eth0
            options ndots:2 timeout:1
            options ndots:3 rotate
            domain ignored.example
            """);
        Assert.Equal(["10.0.0.2", "fe80::1%eth0"], config.Nameservers);
        Assert.Equal(["corp.example", "lab.example"], config.Searches);
        Assert.Equal(["ndots:3", "timeout:1", "rotate"], config.Options);
    }

    [Fact]
    public void The_pod_file_has_the_search_line_then_nameservers_then_options()
    {
        var text = new ResolverConfig(["10.96.0.10", "10.0.0.2"], ["ns1.svc.cluster.local", "svc.cluster.local"], ["ndots:5"]).Render();
        Assert.Equal("search ns1.svc.cluster.local svc.cluster.local\nnameserver 10.96.0.10\nnameserver 10.0.0.2\noptions ndots:5\n", text);
    }

    [Fact]
    public void An_empty_configuration_is_an_empty_file()
    {
        Assert.Equal("", ResolverConfig.Empty.Render());
        Assert.Equal(ResolverConfig.Empty.Render(), ResolverConfig.Read("/nonexistent/resolv.conf").Render());
    }

    [Fact]
    public void Options_merge_by_name_in_first_seen_order()
    {
        Assert.Equal(["ndots:1", "edns0", "timeout:3"], ResolverConfig.MergeOptions(["ndots:5", "edns0"], ["timeout:3", "ndots:1"]));
    }
}
