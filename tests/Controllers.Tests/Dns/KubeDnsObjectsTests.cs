using System.Net;
using Cluster.Api.Core.V1;
using Cluster.Controllers.Dns;

namespace Cluster.Controllers.Tests.Dns;

public sealed class KubeDnsObjectsTests
{
    private static readonly Service Owner = WithUid(KubeDnsObjects.Service("10.96.0.10"));

    private static Service WithUid(Service service) => service with { Metadata = service.Metadata! with { Uid = "u1" } };

    [Fact]
    public void The_slice_is_named_for_the_node_and_carries_the_address_and_port_DNS_listens_on()
    {
        var slice = KubeDnsObjects.Slice("node-a", new IPEndPoint(IPAddress.Parse("192.0.2.2"), 5353), Owner);
        Assert.Equal("kube-dns-node-a", slice.Metadata!.Name);
        Assert.Equal("IPv4", slice.AddressType);
        Assert.Equal(["192.0.2.2"], Assert.Single(slice.Endpoints!).Addresses);
        Assert.Equal("node-a", slice.Endpoints![0].NodeName);
        Assert.All(slice.Ports!, p => Assert.Equal(5353, p.Port));
        Assert.Equal("u1", Assert.Single(slice.Metadata.OwnerReferences!).Uid);
    }

    [Fact]
    public void A_slice_at_another_address_or_port_does_not_satisfy_the_desired_one()
    {
        var desired = KubeDnsObjects.Slice("node-a", new IPEndPoint(IPAddress.Parse("192.0.2.2"), 53), Owner);
        Assert.True(KubeDnsObjects.Satisfies(desired, desired));
        Assert.False(KubeDnsObjects.Satisfies(KubeDnsObjects.Slice("node-a", new IPEndPoint(IPAddress.Parse("192.0.2.3"), 53), Owner), desired));
        Assert.False(KubeDnsObjects.Satisfies(KubeDnsObjects.Slice("node-a", new IPEndPoint(IPAddress.Parse("192.0.2.2"), 5353), Owner), desired));
        Assert.False(KubeDnsObjects.Satisfies((Cluster.Api.Discovery.V1.EndpointSlice?)null, desired));
    }

    [Fact]
    public void A_service_with_a_selector_or_another_ClusterIP_does_not_satisfy_the_desired_one()
    {
        var desired = KubeDnsObjects.Service("10.96.0.10");
        Assert.True(KubeDnsObjects.Satisfies(Owner, desired));
        Assert.False(KubeDnsObjects.Satisfies(Owner with { Spec = Owner.Spec! with { Selector = new Dictionary<string, string> { ["app"] = "x" } } }, desired));
        Assert.False(KubeDnsObjects.Satisfies(Owner with { Spec = Owner.Spec! with { ClusterIP = "10.96.0.11" } }, desired));
    }
}
