using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Tests.Strategies;

public class ServiceTests
{
    private static JsonObject Service(string spec) => Yaml.Object($"""
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
        {string.Join("\n", spec.Split('\n').Select(l => "  " + l))}
        """);

    [Fact]
    public void A_service_needs_ports_unless_headless_or_external_name()
    {
        Assert.Equal(["spec.ports: Required value"], Harness.Lines(Harness.Create(Service("selector: { app: web }"))));
        Assert.Empty(Harness.Create(Service("clusterIP: None\nselector: { app: web }")));
        Assert.Empty(Harness.Create(Service("type: ExternalName\nexternalName: db.example.com")));
    }

    [Fact]
    public void Several_ports_need_unique_names()
    {
        var causes = Harness.Lines(Harness.Create(Service("ports:\n- name: http\n  port: 80\n- port: 443\n- name: http\n  port: 8080")));
        Assert.Equal(["spec.ports[1].name: Required value", "spec.ports[2].name: Duplicate value: \"http\""], causes);
    }

    [Fact]
    public void Port_numbers_must_be_in_range_and_types_known()
    {
        var causes = Harness.Lines(Harness.Create(Service("type: Ingress\nports:\n- port: 0")));
        Assert.Contains("spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive", causes);
        Assert.Contains("spec.type: Unsupported value: \"Ingress\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"", causes);
    }

    [Fact]
    public void Service_names_must_be_dns_1035_labels()
    {
        var svc = Service("ports:\n- port: 80");
        svc["metadata"]!["name"] = "1web";
        Assert.Contains(Harness.Lines(Harness.Create(svc)), c => c.StartsWith("metadata.name: Invalid value: \"1web\": a DNS-1035 label", StringComparison.Ordinal));
    }

    [Fact]
    public void Node_port_and_load_balancer_services_get_external_defaults()
    {
        var nodePort = Harness.Created(Service("type: NodePort\nports:\n- port: 80").ToJsonString());
        Assert.Equal("Cluster", nodePort["spec"]!["externalTrafficPolicy"]!.GetValue<string>());
        var lb = Harness.Created(Service("type: LoadBalancer\nports:\n- port: 80").ToJsonString());
        Assert.True(lb["spec"]!["allocateLoadBalancerNodePorts"]!.GetValue<bool>());
    }

    [Fact]
    public void Headless_services_without_selectors_require_dual_stack()
    {
        var headless = Harness.Created(Service("clusterIP: None").ToJsonString());
        Assert.Equal("RequireDualStack", headless["spec"]!["ipFamilyPolicy"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(new JsonArray("None"), headless["spec"]!["clusterIPs"]));
    }

    [Fact]
    public void The_cluster_ip_cannot_change_but_is_carried_over_when_omitted()
    {
        var old = Harness.Created(Service("clusterIP: 10.96.0.10\nports:\n- port: 80").ToJsonString());
        var omitted = Service("ports:\n- port: 80");
        Assert.Empty(Harness.Update(omitted, old));
        Assert.Equal("10.96.0.10", omitted["spec"]!["clusterIP"]!.GetValue<string>());
        var changed = Service("clusterIP: 10.96.0.11\nports:\n- port: 80");
        Assert.Contains("spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.11\"}: may not change once set", Harness.Lines(Harness.Update(changed, old)));
    }

    [Fact]
    public void Session_affinity_client_ip_gets_a_default_timeout()
    {
        var svc = Harness.Created(Service("sessionAffinity: ClientIP\nports:\n- port: 80").ToJsonString());
        Assert.Equal(10800, svc["spec"]!["sessionAffinityConfig"]!["clientIP"]!["timeoutSeconds"]!.GetValue<int>());
    }
}
