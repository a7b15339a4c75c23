using static Cluster.ApiServer.Tests.Printing.PrinterFixture;

namespace Cluster.ApiServer.Tests.Printing;

public class PodPrinterTests
{
    private static string Pod(string status, string spec = """{"containers":[{"name":"app","image":"nginx"}]}""",
        string metadataExtra = "") => $$$"""
        {
          "apiVersion": "v1", "kind": "Pod",
          "metadata": {"name": "web-0", "namespace": "default", "uid": "u1", "resourceVersion": "42",
                       "creationTimestamp": "2024-05-01T11:55:00Z"{{{metadataExtra}}} },
          "spec": {{{spec}}},
          "status": {{{status}}}
        }
        """;

    private static string StatusOf(string pod) => System.Text.Json.Nodes.JsonNode.Parse(Cells("", "pods", pod))![2]!
        .GetValue<string>();

    private static string RestartsOf(string pod) => System.Text.Json.Nodes.JsonNode.Parse(Cells("", "pods", pod))![3]!
        .GetValue<string>();

    [Fact]
    public void Columns_match_upstream_pod_columns()
    {
        Assert.Equal("Name|Ready|Status|Restarts|Age|IP*|Node*|Nominated Node*|Readiness Gates*", Headers("", "pods"));
        var columns = Cluster.ApiServer.Printing.TablePrinters.For("", "pods").Columns;
        Assert.Equal("name", columns[0].Format);
        Assert.All(columns, c => Assert.Equal("string", c.Type));
    }

    [Fact]
    public void Running_pod_prints_ready_count_ip_and_node()
    {
        var pod = Pod("""
            {"phase":"Running","podIP":"10.0.0.5","podIPs":[{"ip":"10.0.0.5"}],
             "conditions":[{"type":"Ready","status":"True"}],
             "containerStatuses":[{"name":"app","ready":true,"restartCount":0,"state":{"running":{"startedAt":"2024-05-01T11:56:00Z"}} }]}
            """, """{"nodeName":"node-1","containers":[{"name":"app","image":"nginx"}]}""");
        Assert.Equal("""["web-0","1/1","Running","0","5m","10.0.0.5","node-1","<none>","<none>"]""", Cells("", "pods", pod));
    }

    [Fact]
    public void Pending_pod_without_status_details_shows_phase_and_none_placeholders()
    {
        Assert.Equal("""["web-0","0/1","Pending","0","5m","<none>","<none>","<none>","<none>"]""",
            Cells("", "pods", Pod("""{"phase":"Pending"}""")));
    }

    [Fact]
    public void Waiting_reason_wins_and_restarts_show_time_of_last_termination()
    {
        var pod = Pod("""
            {"phase":"Running","containerStatuses":[{"name":"app","ready":false,"restartCount":4,
              "state":{"waiting":{"reason":"CrashLoopBackOff","message":"back-off 40s"}},
              "lastState":{"terminated":{"exitCode":1,"reason":"Error","finishedAt":"2024-05-01T11:58:00Z"}} }]}
            """);
        Assert.Equal("""["web-0","0/1","CrashLoopBackOff","4 (2m ago)","5m","<none>","<none>","<none>","<none>"]""",
            Cells("", "pods", pod));
    }

    [Fact]
    public void Restarts_without_a_recorded_termination_are_a_bare_count()
    {
        var pod = Pod("""
            {"phase":"Running","containerStatuses":[{"name":"app","ready":true,"restartCount":2,"state":{"running":{}} }]}
            """);
        Assert.Equal("2", RestartsOf(pod));
    }

    [Fact]
    public void Restarts_sum_containers_and_take_the_latest_termination()
    {
        var pod = Pod("""
            {"phase":"Running","containerStatuses":[
              {"name":"a","ready":true,"restartCount":1,"state":{"running":{}},
               "lastState":{"terminated":{"exitCode":1,"finishedAt":"2024-05-01T10:00:00Z"}} },
              {"name":"b","ready":true,"restartCount":2,"state":{"running":{}},
               "lastState":{"terminated":{"exitCode":137,"finishedAt":"2024-05-01T11:59:30Z"}} }]}
            """, """{"containers":[{"name":"a"},{"name":"b"}]}""");
        Assert.Equal("""["web-0","2/2","Running","3 (30s ago)","5m","<none>","<none>","<none>","<none>"]""",
            Cells("", "pods", pod));
    }

    [Fact]
    public void Waiting_init_container_shows_Init_progress()
    {
        var pod = Pod("""
            {"phase":"Pending","initContainerStatuses":[{"name":"init","ready":false,"restartCount":0,
              "state":{"waiting":{"reason":"PodInitializing"}} }],
             "containerStatuses":[{"name":"app","ready":false,"restartCount":0,"state":{"waiting":{"reason":"PodInitializing"}} }]}
            """, """{"initContainers":[{"name":"init"}],"containers":[{"name":"app"}]}""");
        Assert.Equal("Init:0/1", StatusOf(pod));
    }

    [Fact]
    public void Second_init_container_running_shows_Init_1_of_2()
    {
        var pod = Pod("""
            {"phase":"Pending","initContainerStatuses":[
              {"name":"a","restartCount":0,"state":{"terminated":{"exitCode":0,"reason":"Completed"}} },
              {"name":"b","restartCount":0,"state":{"running":{}} }]}
            """, """{"initContainers":[{"name":"a"},{"name":"b"}],"containers":[{"name":"app"}]}""");
        Assert.Equal("Init:1/2", StatusOf(pod));
    }

    [Fact]
    public void Crashing_init_container_shows_Init_reason_and_its_restarts()
    {
        var pod = Pod("""
            {"phase":"Pending","initContainerStatuses":[{"name":"init","restartCount":3,
              "state":{"waiting":{"reason":"CrashLoopBackOff"}},
              "lastState":{"terminated":{"exitCode":1,"reason":"Error","finishedAt":"2024-05-01T11:59:00Z"}} }]}
            """, """{"initContainers":[{"name":"init"}],"containers":[{"name":"app"}]}""");
        Assert.Equal("""["web-0","0/1","Init:CrashLoopBackOff","3 (60s ago)","5m","<none>","<none>","<none>","<none>"]""",
            Cells("", "pods", pod));
    }

    [Theory]
    [InlineData("""{"exitCode":2,"reason":"Error"}""", "Init:Error")]
    [InlineData("""{"exitCode":3}""", "Init:ExitCode:3")]
    [InlineData("""{"exitCode":137,"signal":9}""", "Init:Signal:9")]
    public void Failed_init_container_shows_its_termination(string terminated, string expected)
    {
        var pod = Pod($$$"""
            {"phase":"Failed","initContainerStatuses":[{"name":"init","restartCount":0,"state":{"terminated":{{{terminated}}} }}]}
            """, """{"initContainers":[{"name":"init"}],"containers":[{"name":"app"}]}""");
        Assert.Equal(expected, StatusOf(pod));
    }

    [Theory]
    [InlineData("""{"exitCode":0,"reason":"Completed"}""", "Completed")]
    [InlineData("""{"exitCode":1,"reason":"Error"}""", "Error")]
    [InlineData("""{"exitCode":1}""", "ExitCode:1")]
    [InlineData("""{"exitCode":143,"signal":15}""", "Signal:15")]
    public void Terminated_container_shows_its_reason(string terminated, string expected)
    {
        var pod = Pod($$$"""
            {"phase":"Succeeded","containerStatuses":[{"name":"app","ready":false,"restartCount":0,"state":{"terminated":{{{terminated}}} }}]}
            """);
        Assert.Equal(expected, StatusOf(pod));
    }

    [Theory]
    [InlineData("True", "Running")]
    [InlineData("False", "NotReady")]
    public void Completed_container_beside_a_running_one_reads_Running_or_NotReady(string readyCondition, string expected)
    {
        var pod = Pod($$$"""
            {"phase":"Running","conditions":[{"type":"Ready","status":"{{{readyCondition}}}"}],"containerStatuses":[
              {"name":"a","ready":false,"restartCount":0,"state":{"terminated":{"exitCode":0,"reason":"Completed"}} },
              {"name":"b","ready":true,"restartCount":0,"state":{"running":{}} }]}
            """, """{"containers":[{"name":"a"},{"name":"b"}]}""");
        Assert.Equal(expected, StatusOf(pod));
    }

    [Fact]
    public void Deleting_pod_reads_Terminating()
    {
        var pod = Pod("""
            {"phase":"Running","containerStatuses":[{"name":"app","ready":true,"restartCount":0,"state":{"running":{}} }]}
            """, metadataExtra: ""","deletionTimestamp":"2024-05-01T11:59:00Z","deletionGracePeriodSeconds":30""");
        Assert.Equal("Terminating", StatusOf(pod));
    }

    [Fact]
    public void Deleting_pod_that_already_succeeded_keeps_its_status()
    {
        var pod = Pod("""
            {"phase":"Succeeded","containerStatuses":[{"name":"app","restartCount":0,"state":{"terminated":{"exitCode":0,"reason":"Completed"}} }]}
            """, metadataExtra: ""","deletionTimestamp":"2024-05-01T11:59:00Z" """);
        Assert.Equal("Completed", StatusOf(pod));
    }

    [Fact]
    public void Deleting_pod_on_a_lost_node_reads_Unknown_and_without_deletion_NodeLost()
    {
        const string status = """{"phase":"Running","reason":"NodeLost"}""";
        Assert.Equal("Unknown", StatusOf(Pod(status, metadataExtra: ""","deletionTimestamp":"2024-05-01T11:59:00Z" """)));
        Assert.Equal("NodeLost", StatusOf(Pod(status)));
    }

    [Fact]
    public void Status_reason_replaces_phase()
    {
        Assert.Equal("Evicted", StatusOf(Pod("""{"phase":"Failed","reason":"Evicted","message":"low on memory"}""")));
    }

    [Fact]
    public void Scheduling_gated_pod_says_so()
    {
        var pod = Pod("""
            {"phase":"Pending","conditions":[{"type":"PodScheduled","status":"False","reason":"SchedulingGated"}]}
            """);
        Assert.Equal("SchedulingGated", StatusOf(pod));
    }

    [Fact]
    public void Started_sidecar_counts_as_a_ready_container_and_its_restarts_stay_after_init()
    {
        var pod = Pod("""
            {"phase":"Running","conditions":[{"type":"Initialized","status":"True"},{"type":"Ready","status":"True"}],
             "initContainerStatuses":[
              {"name":"setup","restartCount":5,"state":{"terminated":{"exitCode":0,"reason":"Completed"}},
               "lastState":{"terminated":{"exitCode":1,"finishedAt":"2024-05-01T11:57:00Z"}} },
              {"name":"proxy","ready":true,"started":true,"restartCount":1,"state":{"running":{}},
               "lastState":{"terminated":{"exitCode":1,"finishedAt":"2024-05-01T11:58:00Z"}} }],
             "containerStatuses":[{"name":"app","ready":true,"restartCount":0,"state":{"running":{}} }]}
            """, """
            {"initContainers":[{"name":"setup"},{"name":"proxy","restartPolicy":"Always"}],"containers":[{"name":"app"}]}
            """);
        Assert.Equal("""["web-0","2/2","Running","1 (2m ago)","5m","<none>","<none>","<none>","<none>"]""",
            Cells("", "pods", pod));
    }

    [Fact]
    public void Sidecar_not_yet_started_holds_initialisation()
    {
        var pod = Pod("""
            {"phase":"Pending","initContainerStatuses":[{"name":"proxy","started":false,"restartCount":0,"state":{"running":{}} }]}
            """, """{"initContainers":[{"name":"proxy","restartPolicy":"Always"}],"containers":[{"name":"app"}]}""");
        Assert.Equal("""["web-0","0/2","Init:0/1","0","5m","<none>","<none>","<none>","<none>"]""", Cells("", "pods", pod));
    }

    [Fact]
    public void Wide_columns_show_nominated_node_and_readiness_gate_progress()
    {
        var pod = Pod("""
            {"phase":"Pending","nominatedNodeName":"node-2","podIPs":[{"ip":"fd00::5"},{"ip":"10.0.0.5"}],
             "conditions":[{"type":"example.com/lb","status":"True"},{"type":"example.com/dns","status":"False"}]}
            """, """
            {"containers":[{"name":"app"}],
             "readinessGates":[{"conditionType":"example.com/lb"},{"conditionType":"example.com/dns"}]}
            """);
        Assert.Equal("""["web-0","0/1","Pending","0","5m","fd00::5","<none>","node-2","1/2"]""", Cells("", "pods", pod));
    }

    [Fact]
    public void Missing_creation_timestamp_ages_as_unknown()
    {
        const string pod = """{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c"}]},"status":{"phase":"Running"}}""";
        Assert.Equal("""["p","0/1","Running","0","<unknown>","<none>","<none>","<none>","<none>"]""", Cells("", "pods", pod));
    }
}
