using static Cluster.ApiServer.Tests.Printing.PrinterFixture;

namespace Cluster.ApiServer.Tests.Printing;

public class CorePrinterTests
{
    [Fact]
    public void Namespace_prints_phase()
    {
        Assert.Equal("Name|Status|Age", Headers("", "namespaces"));
        Assert.Equal("""["team-a","Active","5m"]""", Cells("", "namespaces", """
            {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a","creationTimestamp":"2024-05-01T11:55:00Z"},
             "spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}}
            """));
    }

    private static string Node(string conditions, string extraSpec = "", string labels = "{}") => $$$"""
        {"apiVersion":"v1","kind":"Node",
         "metadata":{"name":"node-1","creationTimestamp":"2024-04-21T12:00:00Z","labels":{{{labels}}} },
         "spec":{"podCIDR":"10.244.0.0/24"{{{extraSpec}}} },
         "status":{"conditions":{{{conditions}}},
                   "addresses":[{"type":"Hostname","address":"node-1"},{"type":"InternalIP","address":"192.168.1.10"}],
                   "nodeInfo":{"kubeletVersion":"v1.32.0","osImage":"Debian GNU/Linux 12 (bookworm)",
                               "kernelVersion":"6.1.0-18-amd64","containerRuntimeVersion":"containerd://1.7.13"}} }
        """;

    [Fact]
    public void Ready_control_plane_node_with_roles_and_wide_info()
    {
        var node = Node("""
            [{"type":"MemoryPressure","status":"False"},{"type":"Ready","status":"True"}]
            """, labels: """
            {"node-role.kubernetes.io/control-plane":"","node-role.kubernetes.io/etcd":"","kubernetes.io/role":"master",
             "node-role.kubernetes.io/":"","kubernetes.io/hostname":"node-1"}
            """);
        Assert.Equal("Name|Status|Roles|Age|Version|Internal-IP*|External-IP*|OS-Image*|Kernel-Version*|Container-Runtime*",
            Headers("", "nodes"));
        Assert.Equal("""
            ["node-1","Ready","control-plane,etcd,master","10d","v1.32.0","192.168.1.10","<none>","Debian GNU/Linux 12 (bookworm)","6.1.0-18-amd64","containerd://1.7.13"]
            """, Cells("", "nodes", node));
    }

    [Theory]
    [InlineData("""[{"type":"Ready","status":"False"}]""", "", "NotReady")]
    [InlineData("""[{"type":"Ready","status":"Unknown"}]""", "", "NotReady")]
    [InlineData("[]", "", "Unknown")]
    [InlineData("""[{"type":"Ready","status":"True"}]""", ""","unschedulable":true""", "Ready,SchedulingDisabled")]
    [InlineData("[]", ""","unschedulable":true""", "Unknown,SchedulingDisabled")]
    public void Node_status_reflects_ready_condition_and_cordon(string conditions, string spec, string expected)
    {
        var cells = System.Text.Json.Nodes.JsonNode.Parse(Cells("", "nodes", Node(conditions, spec)))!;
        Assert.Equal(expected, cells[1]!.GetValue<string>());
        Assert.Equal("<none>", cells[2]!.GetValue<string>());
    }

    [Fact]
    public void Node_without_info_prints_unknown_wide_values()
    {
        Assert.Equal("""["bare","Unknown","<none>","<unknown>","","<none>","<none>","<unknown>","<unknown>","<unknown>"]""",
            Cells("", "nodes", """{"metadata":{"name":"bare"}}"""));
    }

    [Fact]
    public void ConfigMap_counts_data_and_binary_data()
    {
        Assert.Equal("Name|Data|Age", Headers("", "configmaps"));
        Assert.Equal("""["cfg",3,"5m"]""", Cells("", "configmaps", """
            {"metadata":{"name":"cfg","creationTimestamp":"2024-05-01T11:55:00Z"},"data":{"a":"1","b":"2"},"binaryData":{"c":"AA=="}}
            """));
        Assert.Equal("""["empty",0,"<unknown>"]""", Cells("", "configmaps", """{"metadata":{"name":"empty"}}"""));
    }

    [Fact]
    public void Secret_prints_type_and_data_count()
    {
        Assert.Equal("Name|Type|Data|Age", Headers("", "secrets"));
        Assert.Equal("""["tls","kubernetes.io/tls",2,"5m"]""", Cells("", "secrets", """
            {"metadata":{"name":"tls","creationTimestamp":"2024-05-01T11:55:00Z"},"type":"kubernetes.io/tls",
             "data":{"tls.crt":"Y2VydA==","tls.key":"a2V5"}}
            """));
    }

    [Fact]
    public void ServiceAccount_counts_secrets_like_1_32()
    {
        Assert.Equal("Name|Secrets|Age", Headers("", "serviceaccounts"));
        Assert.Equal("""["default",0,"5m"]""",
            Cells("", "serviceaccounts", """{"metadata":{"name":"default","creationTimestamp":"2024-05-01T11:55:00Z"}}"""));
        Assert.Equal("""["builder",1,"<unknown>"]""",
            Cells("", "serviceaccounts", """{"metadata":{"name":"builder"},"secrets":[{"name":"builder-token"}]}"""));
    }

    [Fact]
    public void ResourceQuota_splits_requests_and_limits()
    {
        const string quota = """
            {"metadata":{"name":"compute","creationTimestamp":"2024-05-01T11:55:00Z"},
             "spec":{"hard":{"pods":"10","requests.cpu":"4","limits.memory":"8Gi","limits.cpu":"8"}},
             "status":{"hard":{"pods":"10","requests.cpu":"4","limits.memory":"8Gi","limits.cpu":"8"},
                       "used":{"pods":"3","requests.cpu":"500m","limits.cpu":"1"}} }
            """;
        Assert.Equal("Name|Request|Limit|Age", Headers("", "resourcequotas"));
        Assert.Equal("""["compute","pods: 3/10, requests.cpu: 500m/4","limits.cpu: 1/8, limits.memory: 0/8Gi","5m"]""",
            Cells("", "resourcequotas", quota));
    }

    [Fact]
    public void Roles_and_limit_ranges_use_the_default_printer()
    {
        Assert.Equal("Name|Created At", Headers("rbac.authorization.k8s.io", "roles"));
        Assert.Equal("Name|Created At", Headers("rbac.authorization.k8s.io", "clusterroles"));
        Assert.Equal("Name|Created At", Headers("", "limitranges"));
        Assert.Equal("""["limits","2024-05-01T11:55:00Z"]""",
            Cells("", "limitranges", """{"metadata":{"name":"limits","creationTimestamp":"2024-05-01T11:55:00Z"}}"""));
    }
}
