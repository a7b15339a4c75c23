using Cluster.Api.Core.V1;
using Cluster.Api.Discovery.V1;
using Cluster.Api.Meta.V1;
using Cluster.Kubelet.Proxy;

namespace Cluster.Kubelet.Tests.Proxy;

public sealed class ProxyServicePortsTests
{
    private static Service Service(ServiceSpec spec, Dictionary<string, string>? labels = null) => new()
    {
        Metadata = new ObjectMeta { Namespace = "shop", Name = "web", Labels = labels },
        Spec = spec,
    };

    private static EndpointSlice Slice(string portName, int port, params Endpoint[] endpoints) => new()
    {
        Metadata = new ObjectMeta { Namespace = "shop", Name = "web-abc", Labels = new Dictionary<string, string> { [ProxyServicePorts.ServiceNameLabel] = "web" } },
        AddressType = "IPv4",
        Ports = [new Api.Discovery.V1.EndpointPort { Name = portName, Port = port, Protocol = "TCP" }],
        Endpoints = endpoints,
    };

    private static Endpoint Address(string ip, bool? ready = null, string? node = null) =>
        new() { Addresses = [ip], NodeName = node, Conditions = ready is null ? null : new EndpointConditions { Ready = ready } };

    [Fact]
    public void Headless_and_external_name_services_have_nothing_to_program()
    {
        ServicePort[] ports = [new() { Name = "http", Port = 80 }];

        Assert.Empty(ProxyServicePorts.From(Service(new ServiceSpec { ClusterIP = "None", Ports = ports }), []));
        Assert.Empty(ProxyServicePorts.From(Service(new ServiceSpec { Type = "ExternalName", ExternalName = "example.com", Ports = ports }), []));
        Assert.Empty(ProxyServicePorts.From(Service(new ServiceSpec { ClusterIP = "", Ports = ports }), []));
        Assert.Empty(ProxyServicePorts.From(Service(new ServiceSpec { ClusterIP = "10.96.0.1", Ports = ports },
            new() { [ProxyServicePorts.ServiceProxyNameLabel] = "other" }), []));
        Assert.Empty(ProxyServicePorts.From(null, []));
    }

    [Fact]
    public void Each_port_gets_the_endpoints_of_the_slice_port_with_its_name_and_the_conditions_kube_proxy_assumes()
    {
        var service = Service(new ServiceSpec
        {
            ClusterIP = "10.96.0.10",
            Type = "NodePort",
            ExternalTrafficPolicy = "Local",
            SessionAffinity = "ClientIP",
            Ports = [new() { Name = "http", Port = 80, NodePort = 30080 }, new() { Name = "dns", Port = 53, Protocol = "UDP" }],
        });
        var http = Slice("http", 8080, Address("10.244.0.7", node: "n1"), Address("10.244.0.8", ready: false));

        var ports = ProxyServicePorts.From(service, [http]);

        Assert.Equal(2, ports.Count);
        var web = ports[0];
        Assert.Equal(new ServicePortName("shop", "web", "http", "tcp"), web.Name);
        Assert.Equal((30080, 10800, true, false), (web.NodePort!.Value, web.AffinitySeconds!.Value, web.ExternalLocal, web.InternalLocal));
        Assert.Equal(
        [
            new ProxyEndpoint("10.244.0.7", 8080, "n1", true, true, false),
            new ProxyEndpoint("10.244.0.8", 8080, null, false, false, false),
        ], web.Endpoints);
        Assert.Equal("udp", ports[1].Protocol);
        Assert.Null(ports[1].NodePort);
        Assert.Empty(ports[1].Endpoints);                                     // no slice offers a "dns" port
    }

    [Theory]
    [InlineData(0)]
    [InlineData(70000)]
    public void A_slice_port_iptables_would_refuse_gives_no_endpoints(int port)
    {
        var ports = ProxyServicePorts.From(Service(new ServiceSpec { ClusterIP = "10.96.0.10", Ports = [new() { Name = "http", Port = 80 }] }),
            [Slice("http", port, Address("10.244.0.7"))]);

        Assert.Empty(Assert.Single(ports).Endpoints);
    }

    [Fact]
    public void A_cluster_ip_service_has_no_node_port_and_affinity_only_when_asked()
    {
        var ports = ProxyServicePorts.From(Service(new ServiceSpec { ClusterIP = "10.96.0.10", Ports = [new() { Port = 80, NodePort = 30080 }] }), []);

        var port = Assert.Single(ports);
        Assert.Null(port.NodePort);
        Assert.Null(port.AffinitySeconds);
        Assert.Equal("", port.Name.Port);
    }
}
