using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Kubelet.Pods;

namespace Cluster.Kubelet.Tests.Pods;

public sealed class PodFilesTests
{
    private static Pod PodNamed(string name, PodSpec? spec = null) => new() { Metadata = new ObjectMeta { Name = name, Namespace = "ns1" }, Spec = spec ?? new PodSpec() };

    [Theory]
    [InlineData("web-1", null, "web-1")]
    [InlineData("web-1", "custom", "custom")]
    [InlineData("a23456789012345678901234567890123456789012345678901234567890-2-xyz", null, "a23456789012345678901234567890123456789012345678901234567890-2")]
    [InlineData("a2345678901234567890123456789012345678901234567890123456789012-xyz", null, "a2345678901234567890123456789012345678901234567890123456789012")]
    public void The_host_name_is_spec_hostname_else_the_pod_name_cut_to_63(string name, string? hostname, string expected) =>
        Assert.Equal(expected, PodFiles.HostName(PodNamed(name, new PodSpec { Hostname = hostname })));

    [Fact]
    public void The_hosts_file_maps_the_pod_ip_to_its_name()
    {
        var hosts = PodFiles.Hosts(PodNamed("web-1"), ["10.0.0.7"]);
        Assert.StartsWith("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n", hosts, StringComparison.Ordinal);
        Assert.EndsWith("fe00::2\tip6-allrouters\n10.0.0.7\tweb-1\n", hosts, StringComparison.Ordinal);
    }

    [Fact]
    public void A_subdomain_adds_the_fqdn_and_host_aliases_follow()
    {
        var pod = PodNamed("db-0", new PodSpec
        {
            Subdomain = "db",
            HostAliases = [new HostAlias { Ip = "10.1.1.1", Hostnames = ["foo.local", "bar.local"] }],
        });
        var hosts = PodFiles.Hosts(pod, ["10.0.0.8"]);
        Assert.Contains("10.0.0.8\tdb-0.db.ns1.svc.cluster.local\tdb-0\n", hosts, StringComparison.Ordinal);
        Assert.EndsWith("\n# Entries added by HostAliases.\n10.1.1.1\tfoo.local\tbar.local\n", hosts, StringComparison.Ordinal);
    }

    [Fact]
    public void The_fqdn_follows_the_cluster_domain()
    {
        var hosts = PodFiles.Hosts(PodNamed("db-0", new PodSpec { Hostname = "db-0", Subdomain = "db" }), ["10.0.0.8"], "corp.internal");
        Assert.Contains("10.0.0.8\tdb-0.db.ns1.svc.corp.internal\tdb-0\n", hosts, StringComparison.Ordinal);
    }

    [Fact]
    public void A_host_network_pod_gets_the_node_hosts_file_under_its_header_then_its_aliases()
    {
        var pod = PodNamed("agent", new PodSpec { HostNetwork = true, HostAliases = [new HostAlias { Ip = "10.1.1.1", Hostnames = ["foo.local"] }] });
        Assert.Equal(
            "# Kubernetes-managed hosts file (host network).\n127.0.0.1 localhost\n192.0.2.2 vm\n\n# Entries added by HostAliases.\n10.1.1.1\tfoo.local\n",
            PodFiles.HostNetworkHosts(pod, "127.0.0.1 localhost\n192.0.2.2 vm\n"));
    }
}
