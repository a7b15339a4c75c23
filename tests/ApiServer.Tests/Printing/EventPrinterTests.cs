using static Cluster.ApiServer.Tests.Printing.PrinterFixture;

namespace Cluster.ApiServer.Tests.Printing;

public class EventPrinterTests
{
    private const string Headers1_32 = "Last Seen|Type|Reason|Object|Subobject*|Source*|Message|First Seen*|Count*|Name*";

    [Fact]
    public void Core_and_events_api_share_the_upstream_columns()
    {
        Assert.Equal(Headers1_32, Headers("", "events"));
        Assert.Equal(Headers1_32, Headers("events.k8s.io", "events"));
        var name = Cluster.ApiServer.Printing.TablePrinters.For("", "events").Columns[^1];
        Assert.Equal(("name", 1), (name.Format, name.Priority));
    }

    [Fact]
    public void Core_event_with_legacy_timestamps()
    {
        const string ev = """
            {"apiVersion":"v1","kind":"Event","metadata":{"name":"web-0.17c","namespace":"default"},
             "involvedObject":{"kind":"Pod","namespace":"default","name":"web-0","fieldPath":"spec.containers{app}"},
             "reason":"Pulled","message":"  Successfully pulled image \"nginx\"\n","type":"Normal",
             "source":{"component":"kubelet","host":"node-1"},
             "firstTimestamp":"2024-05-01T11:50:00Z","lastTimestamp":"2024-05-01T11:58:00Z","count":3}
            """;
        Assert.Equal("""
            ["2m","Normal","Pulled","pod/web-0","spec.containers{app}","kubelet, node-1","Successfully pulled image \"nginx\"","10m",3,"web-0.17c"]
            """, Cells("", "events", ev));
    }

    [Fact]
    public void New_style_core_event_uses_event_time_series_and_reporting_controller()
    {
        const string ev = """
            {"metadata":{"name":"e1"},"involvedObject":{"kind":"Node"},"reason":"Starting","message":"m","type":"Warning",
             "eventTime":"2024-05-01T11:39:59.500000Z","reportingComponent":"kube-proxy","reportingInstance":"",
             "series":{"count":7,"lastObservedTime":"2024-05-01T11:59:00.000000Z"}}
            """;
        Assert.Equal("""["60s","Warning","Starting","node","","kube-proxy","m","20m",7,"e1"]""", Cells("", "events", ev));
    }

    [Fact]
    public void Singleton_event_without_count_counts_one_and_last_seen_falls_back_to_first()
    {
        const string ev = """
            {"metadata":{"name":"e2"},"involvedObject":{"kind":"Deployment","name":"web"},"reason":"ScalingReplicaSet",
             "message":"Scaled up","type":"Normal","eventTime":"2024-05-01T11:55:00.000000Z",
             "reportingComponent":"deployment-controller"}
            """;
        Assert.Equal("""["5m","Normal","ScalingReplicaSet","deployment/web","","deployment-controller","Scaled up","5m",1,"e2"]""",
            Cells("", "events", ev));
    }

    [Fact]
    public void Events_api_event_maps_regarding_note_and_deprecated_fields()
    {
        const string ev = """
            {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"web-0.17d"},
             "regarding":{"kind":"Pod","name":"web-0"},"note":"Back-off restarting failed container","reason":"BackOff",
             "type":"Warning","reportingController":"kubelet","reportingInstance":"node-1",
             "deprecatedSource":{"component":"kubelet","host":"node-1"},
             "deprecatedFirstTimestamp":"2024-05-01T11:00:00Z","deprecatedLastTimestamp":"2024-05-01T11:59:50Z","deprecatedCount":12}
            """;
        Assert.Equal("""
            ["10s","Warning","BackOff","pod/web-0","","kubelet, node-1","Back-off restarting failed container","60m",12,"web-0.17d"]
            """, Cells("events.k8s.io", "events", ev));
    }

    [Fact]
    public void Event_without_any_timestamp_is_unknown()
    {
        Assert.Equal("""["<unknown>","","","","","","","<unknown>",1,"e"]""",
            Cells("", "events", """{"metadata":{"name":"e"}}"""));
    }
}
