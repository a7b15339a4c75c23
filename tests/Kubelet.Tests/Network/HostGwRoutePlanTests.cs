using System.Net;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Kubelet.Network;

namespace Cluster.Kubelet.Tests.Network;

public sealed class HostGwRoutePlanTests
{
    private static readonly Ipv4Cidr Cluster = Ipv4Cidr.Parse("10.244.0.0/16");

    private static Node Node(string name, string? podCidr, string? internalIp, bool deleting = false) => new()
    {
        Metadata = new ObjectMeta { Name = name, DeletionTimestamp = deleting ? DateTimeOffset.UnixEpoch : null },
        Spec = podCidr is null ? null : new NodeSpec { PodCIDR = podCidr },
        Status = new NodeStatus
        {
            Addresses = internalIp is null ? [new NodeAddress { Type = "Hostname", Address = name }] : [new NodeAddress { Type = "InternalIP", Address = internalIp }],
        },
    };

    private static IReadOnlyList<string> Desired(params Node[] nodes) =>
        [.. HostGwRoutePlan.Desired(nodes, "a", Cluster).Select(r => r.ToString())];

    [Fact]
    public void Every_other_node_with_a_pod_cidr_in_the_cluster_range_and_an_internal_ip_is_routed_via_that_ip()
    {
        var routes = Desired(
            Node("a", "10.244.0.0/24", "172.31.9.2"),
            Node("c", "10.244.2.0/24", "172.31.9.4"),
            Node("b", "10.244.1.0/24", "172.31.9.3"));

        Assert.Equal(["10.244.1.0/24 via 172.31.9.3", "10.244.2.0/24 via 172.31.9.4"], routes);
    }

    [Fact]
    public void Nodes_without_a_cidr_without_an_ipv4_internal_ip_outside_the_range_or_being_deleted_get_no_route()
    {
        var routes = Desired(
            Node("a", "10.244.0.0/24", "172.31.9.2"),
            Node("no-cidr", null, "172.31.9.3"),
            Node("no-ip", "10.244.3.0/24", null),
            Node("v6", "10.244.4.0/24", "fd00::4"),
            Node("hollow", "10.0.5.0/24", "172.31.9.5"),
            Node("gone", "10.244.6.0/24", "172.31.9.6", deleting: true),
            Node("same-as-mine", "10.244.0.0/24", "172.31.9.7"));

        Assert.Empty(routes);
    }

    [Fact]
    public void A_pod_cidr_two_nodes_claim_goes_to_the_first_by_name()
    {
        var routes = Desired(Node("z", "10.244.1.0/24", "172.31.9.9"), Node("m", "10.244.1.0/24", "172.31.9.8"));

        Assert.Equal(["10.244.1.0/24 via 172.31.9.8"], routes);
    }

    [Fact]
    public void The_diff_replaces_missing_and_moved_routes_and_deletes_ours_that_no_node_wants()
    {
        var desired = new[]
        {
            new PodRoute(Ipv4Cidr.Parse("10.244.1.0/24"), IPAddress.Parse("172.31.9.3")),
            new PodRoute(Ipv4Cidr.Parse("10.244.2.0/24"), IPAddress.Parse("172.31.9.4")),
            new PodRoute(Ipv4Cidr.Parse("10.244.3.0/24"), IPAddress.Parse("172.31.9.5")),
        };
        var installed = new InstalledRoute[]
        {
            new("10.244.1.0/24", "172.31.9.3"),                            // as wanted
            new("10.244.2.0/24", "172.31.9.99"),                           // the node moved
            new("10.244.7.0/24", "172.31.9.7"),                            // a deleted node
            new("10.244.8.9", null),                                       // a host route of ours
            new("10.42.0.0/24", "172.31.9.8"),                             // ours by protocol, but outside this cluster's range
        };

        var changes = HostGwRoutePlan.Diff(desired, installed, Cluster);

        Assert.Equal(["10.244.2.0/24 via 172.31.9.4", "10.244.3.0/24 via 172.31.9.5"], changes.Replace.Select(r => r.ToString()));
        Assert.Equal(["10.244.7.0/24", "10.244.8.9"], changes.Delete);
    }

    [Fact]
    public void Nothing_changes_when_the_installed_routes_are_the_desired_ones()
    {
        var desired = new[] { new PodRoute(Ipv4Cidr.Parse("10.244.1.0/24"), IPAddress.Parse("172.31.9.3")) };

        Assert.True(HostGwRoutePlan.Diff(desired, [new("10.244.1.0/24", "172.31.9.3")], Cluster).IsEmpty);
    }

    [Fact]
    public void A_destination_listed_twice_is_no_crash()
    {
        var desired = new[] { new PodRoute(Ipv4Cidr.Parse("10.244.1.0/24"), IPAddress.Parse("172.31.9.3")) };
        var installed = new InstalledRoute[] { new("10.244.1.0/24", "172.31.9.9"), new("10.244.1.0/24", "172.31.9.3") };

        Assert.Equal(["10.244.1.0/24 via 172.31.9.3"], HostGwRoutePlan.Diff(desired, installed, Cluster).Replace.Select(r => r.ToString()));
    }
}
