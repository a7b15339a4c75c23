using static Cluster.ApiServer.Tests.Printing.PrinterFixture;

namespace Cluster.ApiServer.Tests.Printing;

public class BatchPrinterTests
{
    private static string Job(string spec, string status, string metadataExtra = "") => $$$"""
        {"apiVersion":"batch/v1","kind":"Job",
         "metadata":{"name":"pi","creationTimestamp":"2024-05-01T11:50:00Z"{{{metadataExtra}}} },
         "spec":{ {{{spec}}}"selector":{"matchLabels":{"batch.kubernetes.io/controller-uid":"abc"}},
                 "template":{"spec":{"containers":[{"name":"pi","image":"perl:5.34"}]}} },
         "status":{{{status}}} }
        """;

    [Fact]
    public void Job_columns_include_status_in_1_32()
    {
        Assert.Equal("Name|Status|Completions|Duration|Age|Containers*|Images*|Selector*", Headers("batch", "jobs"));
    }

    [Fact]
    public void Completed_job_shows_complete_and_its_run_time()
    {
        var job = Job("""
            "completions":1,"parallelism":1,
            """, """
            {"startTime":"2024-05-01T11:50:00Z","completionTime":"2024-05-01T11:50:42Z","succeeded":1,
             "conditions":[{"type":"SuccessCriteriaMet","status":"True"},{"type":"Complete","status":"True"}]}
            """);
        Assert.Equal("""["pi","Complete","1/1","42s","10m","pi","perl:5.34","batch.kubernetes.io/controller-uid=abc"]""",
            Cells("batch", "jobs", job));
    }

    [Fact]
    public void Running_job_duration_runs_to_now()
    {
        var job = Job("\"completions\":5,", """{"startTime":"2024-05-01T11:53:00Z","succeeded":2,"active":1}""");
        Assert.Equal("""["pi","Running","2/5","7m","10m","pi","perl:5.34","batch.kubernetes.io/controller-uid=abc"]""",
            Cells("batch", "jobs", job));
    }

    [Theory]
    [InlineData("", "{}", "Running", "0/1")]
    [InlineData("\"parallelism\":4,", "{}", "Running", "0/1 of 4")]
    [InlineData("", """{"conditions":[{"type":"Failed","status":"True"}]}""", "Failed", "0/1")]
    [InlineData("", """{"conditions":[{"type":"Suspended","status":"True"}]}""", "Suspended", "0/1")]
    [InlineData("", """{"conditions":[{"type":"FailureTarget","status":"True"}]}""", "FailureTarget", "0/1")]
    [InlineData("", """{"conditions":[{"type":"Complete","status":"False"}]}""", "Running", "0/1")]
    public void Job_status_and_completions(string spec, string status, string expectedStatus, string expectedCompletions)
    {
        var cells = System.Text.Json.Nodes.JsonNode.Parse(Cells("batch", "jobs", Job(spec, status)))!;
        Assert.Equal(expectedStatus, cells[1]!.GetValue<string>());
        Assert.Equal(expectedCompletions, cells[2]!.GetValue<string>());
        Assert.Equal("", cells[3]!.GetValue<string>());
    }

    [Fact]
    public void Deleting_job_is_terminating_unless_finished()
    {
        const string deleting = ""","deletionTimestamp":"2024-05-01T11:59:00Z" """;
        var running = System.Text.Json.Nodes.JsonNode.Parse(Cells("batch", "jobs", Job("", "{}", deleting)))!;
        Assert.Equal("Terminating", running[1]!.GetValue<string>());
        var done = System.Text.Json.Nodes.JsonNode.Parse(Cells("batch", "jobs",
            Job("", """{"conditions":[{"type":"Complete","status":"True"}]}""", deleting)))!;
        Assert.Equal("Complete", done[1]!.GetValue<string>());
    }

    [Fact]
    public void CronJob_prints_schedule_timezone_suspend_active_and_last_schedule()
    {
        const string cronJob = """
            {"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"backup","creationTimestamp":"2024-04-01T12:00:00Z"},
             "spec":{"schedule":"*/5 * * * *","timeZone":"Etc/UTC","suspend":false,
                     "jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"backup","image":"backup:2"}]}} }}},
             "status":{"active":[{"name":"backup-1"}],"lastScheduleTime":"2024-05-01T11:55:00Z"}}
            """;
        Assert.Equal("Name|Schedule|Timezone|Suspend|Active|Last Schedule|Age|Containers*|Images*|Selector*",
            Headers("batch", "cronjobs"));
        Assert.Equal("""["backup","*/5 * * * *","Etc/UTC","False",1,"5m","30d","backup","backup:2","<none>"]""",
            Cells("batch", "cronjobs", cronJob));
        Assert.Equal("""["idle","@daily","<none>","<unset>",0,"<none>","<unknown>","","","<none>"]""",
            Cells("batch", "cronjobs", """{"metadata":{"name":"idle"},"spec":{"schedule":"@daily"}}"""));
    }
}
