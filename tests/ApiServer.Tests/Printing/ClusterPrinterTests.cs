using static Cluster.ApiServer.Tests.Printing.PrinterFixture;

namespace Cluster.ApiServer.Tests.Printing;

public class ClusterPrinterTests
{
    [Fact]
    public void PodDisruptionBudget_prints_int_or_percent_bounds()
    {
        Assert.Equal("Name|Min Available|Max Unavailable|Allowed Disruptions|Age", Headers("policy", "poddisruptionbudgets"));
        Assert.Equal("""["web-pdb","2","N/A",1,"5m"]""", Cells("policy", "poddisruptionbudgets", """
            {"metadata":{"name":"web-pdb","creationTimestamp":"2024-05-01T11:55:00Z"},
             "spec":{"minAvailable":2,"selector":{"matchLabels":{"app":"web"}} },"status":{"disruptionsAllowed":1}}
            """));
        Assert.Equal("""["pct","N/A","25%",0,"<unknown>"]""", Cells("policy", "poddisruptionbudgets", """
            {"metadata":{"name":"pct"},"spec":{"maxUnavailable":"25%"}}
            """));
    }

    [Fact]
    public void PriorityClass_prints_value_default_and_preemption()
    {
        Assert.Equal("Name|Value|Global-Default|Age|PreemptionPolicy", Headers("scheduling.k8s.io", "priorityclasses"));
        Assert.Equal("""["system-node-critical",2000001000,false,"5m","PreemptLowerPriority"]""",
            Cells("scheduling.k8s.io", "priorityclasses", """
                {"metadata":{"name":"system-node-critical","creationTimestamp":"2024-05-01T11:55:00Z"},
                 "value":2000001000,"preemptionPolicy":"PreemptLowerPriority","description":"x"}
                """));
    }

    [Fact]
    public void Lease_prints_holder()
    {
        Assert.Equal("Name|Holder|Age", Headers("coordination.k8s.io", "leases"));
        Assert.Equal("""["kube-scheduler","node-1_3f1c","5m"]""", Cells("coordination.k8s.io", "leases", """
            {"metadata":{"name":"kube-scheduler","creationTimestamp":"2024-05-01T11:55:00Z"},
             "spec":{"holderIdentity":"node-1_3f1c","leaseDurationSeconds":15}}
            """));
        Assert.Equal("""["free","","<unknown>"]""", Cells("coordination.k8s.io", "leases", """{"metadata":{"name":"free"},"spec":{}}"""));
    }

    [Theory]
    [InlineData("rolebindings", "roleBinding")]
    [InlineData("clusterrolebindings", "clusterRoleBinding")]
    public void Bindings_print_role_ref_and_subjects(string resource, string noun)
    {
        Assert.Equal("Name|Role|Age|Users*|Groups*|ServiceAccounts*", Headers("rbac.authorization.k8s.io", resource));
        Assert.Equal("Users in the " + noun,
            Cluster.ApiServer.Printing.TablePrinters.For("rbac.authorization.k8s.io", resource).Columns[3].Description);
        Assert.Equal("""["admins","ClusterRole/admin","5m","alice, bob","devs","kube-system/ci"]""",
            Cells("rbac.authorization.k8s.io", resource, """
                {"metadata":{"name":"admins","creationTimestamp":"2024-05-01T11:55:00Z"},
                 "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"admin"},
                 "subjects":[{"kind":"User","name":"alice"},{"kind":"Group","name":"devs"},
                             {"kind":"ServiceAccount","name":"ci","namespace":"kube-system"},{"kind":"User","name":"bob"}]}
                """));
    }

    [Fact]
    public void Hpa_v2_targets_list_two_metrics_then_count_the_rest()
    {
        const string hpa = """
            {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler",
             "metadata":{"name":"web","creationTimestamp":"2024-05-01T11:55:00Z"},
             "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"minReplicas":2,"maxReplicas":10,
                     "metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":80}} },
                                {"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"1Gi"}} },
                                {"type":"Pods","pods":{"metric":{"name":"qps"},"target":{"type":"AverageValue","averageValue":"100"}} }]},
             "status":{"currentReplicas":3,"desiredReplicas":3,
                       "currentMetrics":[{"type":"Resource","resource":{"name":"cpu","current":{"averageUtilization":41,"averageValue":"205m"}} }]}}
            """;
        Assert.Equal("Name|Reference|Targets|MinPods|MaxPods|Replicas|Age", Headers("autoscaling", "horizontalpodautoscalers"));
        Assert.Equal("""["web","Deployment/web","cpu: 41%/80%, memory: <unknown>/1Gi + 1 more...","2",10,3,"5m"]""",
            Cells("autoscaling", "horizontalpodautoscalers", hpa));
    }

    [Theory]
    [InlineData("""{"type":"Pods","pods":{"target":{"averageValue":"100"}} }""", "{}", "<unknown>/100")]
    [InlineData("""{"type":"Pods","pods":{"target":{"averageValue":"100"}} }""",
        """{"type":"Pods","pods":{"current":{"averageValue":"42"}} }""", "42/100")]
    [InlineData("""{"type":"External","external":{"target":{"type":"Value","value":"5"}} }""",
        """{"type":"External","external":{"current":{"value":"3"}} }""", "3/5")]
    [InlineData("""{"type":"Object","object":{"target":{"type":"AverageValue","averageValue":"2k"}} }""", "{}", "<unknown>/2k (avg)")]
    [InlineData("""{"type":"ContainerResource","containerResource":{"name":"cpu","container":"app","target":{}} }""", "{}",
        "cpu: <unknown>/<auto>")]
    [InlineData("""{"type":"Weird"}""", "{}", "<unknown type>")]
    public void Hpa_metric_formats(string metric, string current, string expected)
    {
        var hpa = $$$"""
            {"metadata":{"name":"h"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"d"},"maxReplicas":3,"metrics":[{{{metric}}}]},
             "status":{"currentMetrics":[{{{current}}}]}}
            """;
        var cells = System.Text.Json.Nodes.JsonNode.Parse(Cells("autoscaling", "horizontalpodautoscalers", hpa))!;
        Assert.Equal(expected, cells[2]!.GetValue<string>());
        Assert.Equal("<unset>", cells[3]!.GetValue<string>());
    }

    [Fact]
    public void Hpa_v1_cpu_target_and_missing_metrics()
    {
        Assert.Equal("""["v1","Deployment/web","cpu: 30%/50%","1",4,2,"<unknown>"]""", Cells("autoscaling", "horizontalpodautoscalers", """
            {"metadata":{"name":"v1"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"minReplicas":1,"maxReplicas":4,
             "targetCPUUtilizationPercentage":50},"status":{"currentReplicas":2,"currentCPUUtilizationPercentage":30}}
            """));
        Assert.Equal("""["none","/","<none>","<unset>",0,0,"<unknown>"]""",
            Cells("autoscaling", "horizontalpodautoscalers", """{"metadata":{"name":"none"},"spec":{}}"""));
    }

    [Fact]
    public void Webhook_configurations_count_webhooks_and_runtime_classes_print_handler()
    {
        Assert.Equal("""["cfg",2,"<unknown>"]""", Cells("admissionregistration.k8s.io", "validatingwebhookconfigurations",
            """{"metadata":{"name":"cfg"},"webhooks":[{"name":"a"},{"name":"b"}]}"""));
        Assert.Equal("""["gvisor","runsc","<unknown>"]""",
            Cells("node.k8s.io", "runtimeclasses", """{"metadata":{"name":"gvisor"},"handler":"runsc"}"""));
    }
}
