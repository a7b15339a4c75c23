using static Cluster.ApiServer.Tests.Printing.PrinterFixture;

namespace Cluster.ApiServer.Tests.Printing;

public class WorkloadPrinterTests
{
    private const string Template = """
        "template":{"metadata":{"labels":{"app":"web"}},
                    "spec":{"containers":[{"name":"nginx","image":"nginx:1.27"},{"name":"log","image":"busybox"}]}}
        """;

    [Fact]
    public void Deployment_shows_ready_over_desired_and_counts()
    {
        var deployment = $$$"""
            {"apiVersion":"apps/v1","kind":"Deployment",
             "metadata":{"name":"web","namespace":"default","creationTimestamp":"2024-04-29T12:00:00Z","generation":3},
             "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},{{{Template}}} },
             "status":{"replicas":3,"updatedReplicas":2,"readyReplicas":1,"availableReplicas":1}}
            """;
        Assert.Equal("Name|Ready|Up-to-date|Available|Age|Containers*|Images*|Selector*", Headers("apps", "deployments"));
        Assert.Equal("""["web","1/3",2,1,"2d","nginx,log","nginx:1.27,busybox","app=web"]""",
            Cells("apps", "deployments", deployment));
    }

    [Fact]
    public void Deployment_without_status_or_replicas_reads_zero_of_one()
    {
        var deployment = $$$"""{"metadata":{"name":"new"},"spec":{"selector":{"matchLabels":{"app":"web"}},{{{Template}}} }}""";
        Assert.Equal("""["new","0/1",0,0,"<unknown>","nginx,log","nginx:1.27,busybox","app=web"]""",
            Cells("apps", "deployments", deployment));
    }

    [Fact]
    public void Deployment_with_invalid_selector_says_invalid()
    {
        const string deployment = """
            {"metadata":{"name":"bad"},"spec":{"replicas":0,"selector":{"matchExpressions":[{"key":"a","operator":"In"}]}} }
            """;
        Assert.Equal("""["bad","0/0",0,0,"<unknown>","","","<invalid>"]""", Cells("apps", "deployments", deployment));
    }

    [Fact]
    public void ReplicaSet_prints_desired_current_ready_and_selector()
    {
        var rs = $$$"""
            {"metadata":{"name":"web-5d4f8","creationTimestamp":"2024-05-01T11:55:00Z",
                         "ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"web","uid":"u","controller":true}]},
             "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web","pod-template-hash":"5d4f8"}},{{{Template}}} },
             "status":{"replicas":2,"readyReplicas":1}}
            """;
        Assert.Equal("Name|Desired|Current|Ready|Age|Containers*|Images*|Selector*", Headers("apps", "replicasets"));
        Assert.Equal("""["web-5d4f8",2,2,1,"5m","nginx,log","nginx:1.27,busybox","app=web,pod-template-hash=5d4f8"]""",
            Cells("apps", "replicasets", rs));
    }

    [Fact]
    public void StatefulSet_prints_ready_over_desired()
    {
        var sts = $$$"""
            {"metadata":{"name":"db","creationTimestamp":"2024-05-01T11:55:00Z"},
             "spec":{"replicas":3,"serviceName":"db","selector":{"matchLabels":{"app":"db"}},{{{Template}}} },
             "status":{"replicas":3,"readyReplicas":2}}
            """;
        Assert.Equal("Name|Ready|Age|Containers*|Images*", Headers("apps", "statefulsets"));
        Assert.Equal("""["db","2/3","5m","nginx,log","nginx:1.27,busybox"]""", Cells("apps", "statefulsets", sts));
    }

    [Fact]
    public void DaemonSet_prints_scheduling_counts_and_node_selector()
    {
        const string ds = """
            {"metadata":{"name":"agent","creationTimestamp":"2024-05-01T11:55:00Z"},
             "spec":{"selector":{"matchExpressions":[{"key":"app","operator":"Exists"},{"key":"canary","operator":"DoesNotExist"}]},
                     "template":{"spec":{"nodeSelector":{"kubernetes.io/os":"linux"},"containers":[{"name":"agent","image":"agent:1"}]}} },
             "status":{"desiredNumberScheduled":3,"currentNumberScheduled":3,"numberReady":2,"updatedNumberScheduled":3,"numberAvailable":2}}
            """;
        Assert.Equal("Name|Desired|Current|Ready|Up-to-date|Available|Node Selector|Age|Containers*|Images*|Selector*",
            Headers("apps", "daemonsets"));
        Assert.Equal("""["agent",3,3,2,3,2,"kubernetes.io/os=linux","5m","agent","agent:1","app,!canary"]""",
            Cells("apps", "daemonsets", ds));
    }

    [Fact]
    public void ControllerRevision_names_its_controller_with_kind_and_group()
    {
        const string revision = """
            {"metadata":{"name":"db-7c9","ownerReferences":[{"apiVersion":"apps/v1","kind":"StatefulSet","name":"db","uid":"u","controller":true}]},
             "revision":4,"data":{}}
            """;
        Assert.Equal("""["db-7c9","statefulset.apps/db",4,"<unknown>"]""", Cells("apps", "controllerrevisions", revision));
        Assert.Equal("""["orphan","<none>",1,"<unknown>"]""",
            Cells("apps", "controllerrevisions", """{"metadata":{"name":"orphan"},"revision":1}"""));
    }

    [Fact]
    public void ReplicationController_uses_a_map_selector()
    {
        var rc = $$$"""{"metadata":{"name":"old"},"spec":{"replicas":1,"selector":{"app":"old"},{{{Template}}} },"status":{"replicas":1}}""";
        Assert.Equal("""["old",1,1,0,"<unknown>","nginx,log","nginx:1.27,busybox","app=old"]""",
            Cells("", "replicationcontrollers", rc));
    }
}
