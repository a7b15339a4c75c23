using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Controllers.Endpoints;

namespace Cluster.Controllers.Tests.Endpoints;

public sealed class EndpointsRulesTests
{
    private static Service Svc(bool headless = false, bool publishNotReady = false, params ServicePort[] ports) => new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = "ns", Labels = new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new ServiceSpec
        {
            Selector = new Dictionary<string, string> { ["app"] = "web" },
            ClusterIP = headless ? "None" : "10.96.0.10",
            PublishNotReadyAddresses = publishNotReady,
            Ports = ports,
        },
    };

    private static Pod P(string name, string? ip, bool ready = true, string? httpPort = null, bool deleting = false, string phase = "Running", string? restartPolicy = null) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "ns", Uid = name + "-uid", DeletionTimestamp = deleting ? DateTimeOffset.UnixEpoch : null },
        Spec = new PodSpec
        {
            NodeName = "node-1",
            RestartPolicy = restartPolicy,
            Containers = [new Container { Name = "c", Ports = httpPort is null ? null : [new ContainerPort { Name = "http", ContainerPortValue = int.Parse(httpPort, System.Globalization.CultureInfo.InvariantCulture) }] }],
        },
        Status = new PodStatus { Phase = phase, PodIP = ip, Conditions = [new PodCondition { Type = "Ready", Status = ready ? "True" : "False" }] },
    };

    private static readonly ServicePort Numbered = new() { Name = "web", Port = 80, TargetPort = 8080, Protocol = "TCP" };
    private static readonly ServicePort Named = new() { Name = "http", Port = 80, TargetPort = "http", Protocol = "TCP" };

    private static IEnumerable<string> Ips(IEnumerable<EndpointAddress>? addresses) => (addresses ?? []).Select(a => a.Ip!);

    [Fact]
    public void Ready_pods_are_addresses_not_ready_ones_not_ready_addresses_and_pods_without_ip_finished_or_terminating_are_left_out()
    {
        var subsets = EndpointsRules.Subsets(Svc(ports: Numbered),
            [P("b", "10.0.0.2"), P("a", "10.0.0.1"), P("slow", "10.0.0.3", ready: false), P("new", null), P("done", "10.0.0.4", phase: "Succeeded", restartPolicy: "Never"), P("going", "10.0.0.5", deleting: true)]);
        var subset = Assert.Single(subsets);
        Assert.Equal(["10.0.0.1", "10.0.0.2"], Ips(subset.Addresses));
        Assert.Equal(["10.0.0.3"], Ips(subset.NotReadyAddresses));
        Assert.Equal((8080, "web"), (subset.Ports![0].Port!.Value, subset.Ports[0].Name));
        Assert.Equal(("Pod", "a", "node-1"), (subset.Addresses![0].TargetRef!.Kind, subset.Addresses[0].TargetRef!.Name, subset.Addresses[0].NodeName));
    }

    [Fact]
    public void Named_target_ports_resolve_per_pod_and_pods_without_the_port_are_left_out_of_it()
    {
        var subsets = EndpointsRules.Subsets(Svc(ports: Named), [P("a", "10.0.0.1", httpPort: "8080"), P("b", "10.0.0.2", httpPort: "9090"), P("c", "10.0.0.3")]);
        Assert.Equal(2, subsets.Count);
        Assert.Equal([("10.0.0.1", 8080), ("10.0.0.2", 9090)], subsets.Select(s => (s.Addresses![0].Ip!, s.Ports![0].Port!.Value)));
    }

    [Fact]
    public void Publishing_not_ready_addresses_lists_every_pod_as_ready()
    {
        var subset = Assert.Single(EndpointsRules.Subsets(Svc(publishNotReady: true, ports: Numbered), [P("a", "10.0.0.1", ready: false)]));
        Assert.Equal(["10.0.0.1"], Ips(subset.Addresses));
        Assert.Null(subset.NotReadyAddresses);
    }

    [Fact]
    public void A_headless_service_without_ports_lists_addresses_and_is_labelled_headless()
    {
        var service = Svc(headless: true);
        var subsets = EndpointsRules.Subsets(service, [P("a", "10.0.0.1")]);
        Assert.Null(Assert.Single(subsets).Ports);
        var desired = EndpointsRules.Desired(service, subsets);
        Assert.Equal("", desired.Metadata!.Labels![EndpointsRules.HeadlessLabel]);
        Assert.Equal("web", desired.Metadata.Labels["app"]);
        Assert.Empty(EndpointsRules.Subsets(Svc(), [P("a", "10.0.0.1")])); // a cluster-IP service without ports has none
    }

    [Fact]
    public void Equal_endpoints_are_recognised_so_nothing_is_written()
    {
        var service = Svc(ports: Numbered);
        var a = EndpointsRules.Desired(service, EndpointsRules.Subsets(service, [P("a", "10.0.0.1"), P("b", "10.0.0.2")]));
        var b = EndpointsRules.Desired(service, EndpointsRules.Subsets(service, [P("b", "10.0.0.2"), P("a", "10.0.0.1")]));
        Assert.True(EndpointsRules.Same(a, b));
        Assert.False(EndpointsRules.Same(a, EndpointsRules.Desired(service, [])));
    }
}
