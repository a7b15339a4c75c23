using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Controllers.EndpointSlices;

namespace Cluster.Controllers.Tests.EndpointSlices;

public sealed class EndpointSliceRulesTests
{
    internal static Service Svc(bool headless = false, bool publishNotReady = false, string[]? families = null, params ServicePort[] ports) => new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = "ns", Uid = "svc-uid", Labels = new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new ServiceSpec
        {
            Selector = new Dictionary<string, string> { ["app"] = "web" },
            ClusterIP = headless ? "None" : "10.96.0.10",
            PublishNotReadyAddresses = publishNotReady,
            IpFamilies = families,
            Ports = ports,
        },
    };

    internal static Pod P(string name, string? ip, bool ready = true, string? httpPort = null, bool deleting = false, string phase = "Running",
        string restartPolicy = "Always", string? ipv6 = null, string? hostname = null, string node = "node-1") => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "ns", Uid = name + "-uid", DeletionTimestamp = deleting ? DateTimeOffset.UnixEpoch : null },
        Spec = new PodSpec
        {
            NodeName = node,
            RestartPolicy = restartPolicy,
            Hostname = hostname,
            Subdomain = hostname is null ? null : "web",
            Containers = [new Container { Name = "c", Ports = httpPort is null ? null : [new ContainerPort { Name = "http", ContainerPortValue = int.Parse(httpPort, System.Globalization.CultureInfo.InvariantCulture) }] }],
        },
        Status = new PodStatus
        {
            Phase = phase,
            PodIP = ip,
            PodIPs = ipv6 is null ? null : [new PodIP { Ip = ip }, new PodIP { Ip = ipv6 }],
            Conditions = [new PodCondition { Type = "Ready", Status = ready ? "True" : "False" }],
        },
    };

    internal static readonly ServicePort Numbered = new() { Name = "web", Port = 80, TargetPort = 8080, Protocol = "TCP" };
    internal static readonly ServicePort Named = new() { Name = "http", Port = 80, TargetPort = "http", Protocol = "TCP" };

    private static Node? Zoned(string name) => new() { Metadata = new ObjectMeta { Name = name, Labels = new Dictionary<string, string> { [EndpointSliceRules.ZoneLabel] = "zone-a" } } };

    [Theory]
    [InlineData(true, false, true, true, false)]   // ready
    [InlineData(false, false, false, false, false)] // not ready
    [InlineData(true, true, false, true, true)]    // terminating while still ready: serving, not ready
    [InlineData(false, true, false, false, true)]  // terminating and not ready
    public void Endpoint_conditions_follow_the_pod_as_upstream(bool podReady, bool deleting, bool ready, bool serving, bool terminating)
    {
        var group = Assert.Single(EndpointSliceRules.Groups(Svc(ports: Numbered), [P("a", "10.0.0.1", ready: podReady, deleting: deleting)], Zoned));
        var conditions = group.Endpoints["10.0.0.1"].Conditions!;
        Assert.Equal((ready, serving, terminating), (conditions.Ready!.Value, conditions.Serving!.Value, conditions.Terminating!.Value));
    }

    [Fact]
    public void Publishing_not_ready_addresses_makes_every_endpoint_ready()
    {
        var group = Assert.Single(EndpointSliceRules.Groups(Svc(publishNotReady: true, ports: Numbered), [P("a", "10.0.0.1", ready: false, deleting: true)], Zoned));
        Assert.True(group.Endpoints["10.0.0.1"].Conditions!.Ready);
    }

    [Theory]
    [InlineData(null, "Running", "Always", false)]
    [InlineData("10.0.0.1", "Succeeded", "Always", true)]
    [InlineData("10.0.0.1", "Failed", "OnFailure", true)]
    [InlineData("10.0.0.1", "Succeeded", "OnFailure", false)]
    [InlineData("10.0.0.1", "Failed", "Never", false)]
    [InlineData("10.0.0.1", "Running", "Never", true)]
    public void Pods_without_an_ip_or_finished_for_good_are_left_out(string? ip, string phase, string restartPolicy, bool listed)
    {
        var groups = EndpointSliceRules.Groups(Svc(ports: Numbered), [P("a", ip, phase: phase, restartPolicy: restartPolicy)], Zoned);
        Assert.Equal(listed, groups.Count == 1);
    }

    [Fact]
    public void Named_target_ports_resolve_per_pod_into_separate_groups()
    {
        var groups = EndpointSliceRules.Groups(Svc(ports: Named), [P("a", "10.0.0.1", httpPort: "8080"), P("b", "10.0.0.2", httpPort: "9090"), P("c", "10.0.0.3")], Zoned);
        Assert.Equal(3, groups.Count);
        Assert.Equal([8080, 9090], groups.SelectMany(g => g.Ports).Select(p => p.Port!.Value).Order());
        Assert.Empty(groups.Single(g => g.Endpoints.ContainsKey("10.0.0.3")).Ports); // serves none of the ports
    }

    [Fact]
    public void An_endpoint_carries_node_zone_target_and_hostname_within_the_services_subdomain()
    {
        var endpoint = Assert.Single(EndpointSliceRules.Groups(Svc(headless: true, ports: Numbered), [P("a", "10.0.0.1", hostname: "host-a")], Zoned)).Endpoints["10.0.0.1"];
        Assert.Equal(("node-1", "zone-a", "host-a"), (endpoint.NodeName, endpoint.Zone, endpoint.Hostname));
        Assert.Equal(("Pod", "a", "a-uid"), (endpoint.TargetRef!.Kind, endpoint.TargetRef.Name, endpoint.TargetRef.Uid));
    }

    [Fact]
    public void Dual_stack_services_get_a_group_per_address_type_from_the_pods_ips()
    {
        var groups = EndpointSliceRules.Groups(Svc(families: ["IPv6", "IPv4"], ports: Numbered), [P("a", "10.0.0.1", ipv6: "fd00::1")], Zoned);
        Assert.Equal(["IPv4", "IPv6"], groups.Select(g => g.AddressType).Order(StringComparer.Ordinal));
        Assert.Equal("fd00::1", groups.Single(g => g.AddressType == "IPv6").Endpoints.Keys.Single());
        Assert.Equal("IPv6", EndpointSliceRules.AddressTypes(Svc(families: ["IPv6", "IPv4"]))[0]);
    }

    [Fact]
    public void Slices_are_labelled_with_the_service_the_manager_and_headlessness()
    {
        var labels = EndpointSliceRules.Labels(Svc(headless: true));
        Assert.Equal("web", labels[EndpointSliceRules.ServiceNameLabel]);
        Assert.Equal("endpointslice-controller.k8s.io", labels[EndpointSliceRules.ManagedByLabel]);
        Assert.Equal("web", labels["app"]);
        Assert.True(labels.ContainsKey("service.kubernetes.io/headless"));
        Assert.False(EndpointSliceRules.Labels(Svc()).ContainsKey("service.kubernetes.io/headless"));
    }

    [Fact]
    public void Port_keys_ignore_port_order()
    {
        Api.Discovery.V1.EndpointPort a = new() { Name = "a", Port = 1, Protocol = "TCP" }, b = new() { Name = "b", Port = 2, Protocol = "UDP" };
        Assert.Equal(EndpointSliceRules.PortsKey("IPv4", [a, b]), EndpointSliceRules.PortsKey("IPv4", [b, a]));
        Assert.NotEqual(EndpointSliceRules.PortsKey("IPv4", [a]), EndpointSliceRules.PortsKey("IPv6", [a]));
    }
}
