using static Cluster.ApiServer.Tests.Printing.PrinterFixture;

namespace Cluster.ApiServer.Tests.Printing;

public class NetworkPrinterTests
{
    private static string Service(string spec, string status = "{}") => $$$"""
        {"apiVersion":"v1","kind":"Service",
         "metadata":{"name":"web","namespace":"default","creationTimestamp":"2024-04-30T12:00:00Z"},
         "spec":{{{spec}}},"status":{{{status}}} }
        """;

    [Fact]
    public void Service_columns_match_upstream()
    {
        Assert.Equal("Name|Type|Cluster-IP|External-IP|Port(s)|Age|Selector*", Headers("", "services"));
    }

    [Fact]
    public void ClusterIP_service_prints_ports_and_selector()
    {
        var svc = Service("""
            {"type":"ClusterIP","clusterIP":"10.96.0.10","clusterIPs":["10.96.0.10"],
             "ports":[{"name":"http","port":80,"protocol":"TCP","targetPort":8080},{"name":"dns","port":53,"protocol":"UDP"}],
             "selector":{"tier":"front","app":"web"}}
            """);
        Assert.Equal("""["web","ClusterIP","10.96.0.10","<none>","80/TCP,53/UDP","24h","app=web,tier=front"]""",
            Cells("", "services", svc));
    }

    [Fact]
    public void NodePort_ports_show_node_port_and_external_ips_are_listed()
    {
        var svc = Service("""
            {"type":"NodePort","clusterIPs":["10.96.0.11"],"externalIPs":["192.0.2.1","192.0.2.2"],
             "ports":[{"port":80,"nodePort":30080,"protocol":"TCP"},{"port":443,"nodePort":30443}]}
            """);
        Assert.Equal("""["web","NodePort","10.96.0.11","192.0.2.1,192.0.2.2","80:30080/TCP,443:30443/TCP","24h","<none>"]""",
            Cells("", "services", svc));
    }

    [Fact]
    public void LoadBalancer_without_ingress_is_pending()
    {
        var svc = Service("""{"type":"LoadBalancer","clusterIPs":["10.96.0.12"],"ports":[{"port":443,"nodePort":31443,"protocol":"TCP"}]}""");
        Assert.Equal("""["web","LoadBalancer","10.96.0.12","<pending>","443:31443/TCP","24h","<none>"]""", Cells("", "services", svc));
    }

    [Fact]
    public void LoadBalancer_ingress_addresses_are_sorted_deduplicated_and_followed_by_external_ips()
    {
        var svc = Service("""{"type":"LoadBalancer","clusterIPs":["10.96.0.12"],"externalIPs":["192.0.2.9"],"ports":[]}""",
            """{"loadBalancer":{"ingress":[{"ip":"203.0.113.7"},{"hostname":"lb.example.com"},{"ip":"203.0.113.7"}]}}""");
        Assert.Equal("""["web","LoadBalancer","10.96.0.12","203.0.113.7,lb.example.com,192.0.2.9","<none>","24h","<none>"]""",
            Cells("", "services", svc));
    }

    [Fact]
    public void ExternalName_and_headless_services()
    {
        Assert.Equal("""["web","ExternalName","<none>","db.example.com","<none>","24h","<none>"]""",
            Cells("", "services", Service("""{"type":"ExternalName","externalName":"db.example.com"}""")));
        Assert.Equal("""["web","ClusterIP","None","<none>","5432/TCP","24h","app=db"]""",
            Cells("", "services", Service("""
                {"type":"ClusterIP","clusterIP":"None","clusterIPs":["None"],"ports":[{"port":5432,"protocol":"TCP"}],"selector":{"app":"db"}}
                """)));
    }

    [Fact]
    public void Endpoints_list_three_host_ports_then_count_the_rest()
    {
        const string endpoints = """
            {"metadata":{"name":"web","creationTimestamp":"2024-05-01T11:00:00Z"},
             "subsets":[{"addresses":[{"ip":"10.0.0.1"},{"ip":"10.0.0.2"},{"ip":"fd00::3"}],"ports":[{"port":80},{"port":443}]}]}
            """;
        Assert.Equal("""["web","10.0.0.1:80,10.0.0.2:80,[fd00::3]:80 + 3 more...","60m"]""", Cells("", "endpoints", endpoints));
        Assert.Equal("""["none","<none>","<unknown>"]""", Cells("", "endpoints", """{"metadata":{"name":"none"}}"""));
        Assert.Equal("""["headless","10.0.0.1","<unknown>"]""",
            Cells("", "endpoints", """{"metadata":{"name":"headless"},"subsets":[{"addresses":[{"ip":"10.0.0.1"}]}]}"""));
    }

    [Fact]
    public void EndpointSlice_shows_ports_and_addresses()
    {
        const string slice = """
            {"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":"web-abc12","creationTimestamp":"2024-05-01T11:59:50Z"},
             "addressType":"IPv4","ports":[{"name":"http","port":80,"protocol":"TCP"},{"name":"named"},{}],
             "endpoints":[{"addresses":["10.0.0.1"]},{"addresses":["10.0.0.2","10.0.0.3","10.0.0.4"]}]}
            """;
        Assert.Equal("Name|AddressType|Ports|Endpoints|Age", Headers("discovery.k8s.io", "endpointslices"));
        Assert.Equal("""["web-abc12","IPv4","80,named,*","10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...","10s"]""",
            Cells("discovery.k8s.io", "endpointslices", slice));
        Assert.Equal("""["empty","IPv6","<unset>","<unset>","<unknown>"]""",
            Cells("discovery.k8s.io", "endpointslices", """{"metadata":{"name":"empty"},"addressType":"IPv6"}"""));
    }

    [Fact]
    public void Ingress_shows_class_hosts_address_and_tls_ports()
    {
        const string ingress = """
            {"metadata":{"name":"web","creationTimestamp":"2024-05-01T11:55:00Z"},
             "spec":{"ingressClassName":"nginx","tls":[{"hosts":["a.example.com"]}],
                     "rules":[{"host":"a.example.com"},{"http":{}},{"host":"b.example.com"},{"host":"c.example.com"},{"host":"d.example.com"}]},
             "status":{"loadBalancer":{"ingress":[{"ip":"203.0.113.5"}]}} }
            """;
        Assert.Equal("Name|Class|Hosts|Address|Ports|Age", Headers("networking.k8s.io", "ingresses"));
        Assert.Equal("""["web","nginx","a.example.com,b.example.com,c.example.com + 2 more...","203.0.113.5","80, 443","5m"]""",
            Cells("networking.k8s.io", "ingresses", ingress));
        Assert.Equal("""["bare","<none>","*","","80","<unknown>"]""",
            Cells("networking.k8s.io", "ingresses", """{"metadata":{"name":"bare"},"spec":{"defaultBackend":{}} }"""));
    }

    [Fact]
    public void NetworkPolicy_prints_pod_selector()
    {
        const string policy = """
            {"metadata":{"name":"deny","creationTimestamp":"2024-05-01T11:55:00Z"},
             "spec":{"podSelector":{"matchLabels":{"app":"web"},"matchExpressions":[{"key":"env","operator":"In","values":["prod","dev"]}]}} }
            """;
        Assert.Equal("""["deny","app=web,env in (dev,prod)","5m"]""", Cells("networking.k8s.io", "networkpolicies", policy));
        Assert.Equal("""["all","<none>","<unknown>"]""",
            Cells("networking.k8s.io", "networkpolicies", """{"metadata":{"name":"all"},"spec":{"podSelector":{}} }"""));
    }

    [Fact]
    public void IngressClass_prints_controller_and_parameters()
    {
        const string cls = """
            {"metadata":{"name":"nginx"},"spec":{"controller":"k8s.io/ingress-nginx",
             "parameters":{"apiGroup":"k8s.example.com","kind":"IngressParameters","name":"external-lb"}} }
            """;
        Assert.Equal("""["nginx","k8s.io/ingress-nginx","IngressParameters.k8s.example.com/external-lb","<unknown>"]""",
            Cells("networking.k8s.io", "ingressclasses", cls));
    }
}
