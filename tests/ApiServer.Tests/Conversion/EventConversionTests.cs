using System.Text.Json.Nodes;
using Cluster.ApiServer.Conversion;

namespace Cluster.ApiServer.Tests.Conversion;

public sealed class EventConversionTests
{
    private const string Core = """
        {
          "apiVersion": "v1", "kind": "Event",
          "metadata": {"name": "web-1.17c3", "namespace": "prod", "uid": "e7", "resourceVersion": "9", "creationTimestamp": "2024-05-01T10:00:00Z"},
          "involvedObject": {"kind": "Pod", "namespace": "prod", "name": "web-1", "uid": "p1", "apiVersion": "v1", "resourceVersion": "7", "fieldPath": "spec.containers{app}"},
          "reason": "BackOff",
          "message": "Back-off restarting failed container",
          "source": {"component": "kubelet", "host": "node-a"},
          "firstTimestamp": "2024-05-01T10:00:00Z",
          "lastTimestamp": "2024-05-01T10:05:00Z",
          "count": 12,
          "type": "Warning",
          "eventTime": "2024-05-01T10:00:00.123456Z",
          "series": {"count": 11, "lastObservedTime": "2024-05-01T10:05:00.000001Z"},
          "action": "Restarting",
          "related": {"kind": "Node", "name": "node-a", "apiVersion": "v1"},
          "reportingComponent": "kubelet",
          "reportingInstance": "node-a"
        }
        """;

    private const string Events = """
        {
          "apiVersion": "events.k8s.io/v1", "kind": "Event",
          "metadata": {"name": "web-1.17c3", "namespace": "prod", "uid": "e7", "resourceVersion": "9", "creationTimestamp": "2024-05-01T10:00:00Z"},
          "eventTime": "2024-05-01T10:00:00.123456Z",
          "series": {"count": 11, "lastObservedTime": "2024-05-01T10:05:00.000001Z"},
          "reportingController": "kubelet",
          "reportingInstance": "node-a",
          "action": "Restarting",
          "reason": "BackOff",
          "regarding": {"kind": "Pod", "namespace": "prod", "name": "web-1", "uid": "p1", "apiVersion": "v1", "resourceVersion": "7", "fieldPath": "spec.containers{app}"},
          "related": {"kind": "Node", "name": "node-a", "apiVersion": "v1"},
          "note": "Back-off restarting failed container",
          "type": "Warning",
          "deprecatedSource": {"component": "kubelet", "host": "node-a"},
          "deprecatedFirstTimestamp": "2024-05-01T10:00:00Z",
          "deprecatedLastTimestamp": "2024-05-01T10:05:00Z",
          "deprecatedCount": 12
        }
        """;

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void Core_event_fields_map_to_their_events_v1_names()
    {
        JsonAssert.Equal(Events, EventConversion.ToEventsV1(Parse(Core)));
    }

    [Fact]
    public void Events_v1_fields_map_back_to_their_core_names()
    {
        JsonAssert.Equal(Core, EventConversion.ToCoreV1(Parse(Events)));
    }

    [Fact]
    public void Events_v1_properties_come_in_upstream_field_order()
    {
        var keys = EventConversion.ToEventsV1(Parse(Core)).Select(p => p.Key);
        Assert.Equal(Parse(Events).Select(p => p.Key), keys);
    }

    [Fact]
    public void Both_round_trips_are_lossless()
    {
        JsonAssert.Equal(Core, EventConversion.ToCoreV1(EventConversion.ToEventsV1(Parse(Core))));
        JsonAssert.Equal(Events, EventConversion.ToEventsV1(EventConversion.ToCoreV1(Parse(Events))));
    }

    [Fact]
    public void Absent_fields_stay_absent_and_nulls_stay_null()
    {
        var core = Parse("""
            {"apiVersion": "v1", "kind": "Event", "metadata": {"name": "x"}, "involvedObject": {"kind": "Pod", "name": "p"},
             "firstTimestamp": null, "lastTimestamp": null, "eventTime": null, "reportingComponent": "", "reportingInstance": ""}
            """);
        JsonAssert.Equal("""
            {"apiVersion": "events.k8s.io/v1", "kind": "Event", "metadata": {"name": "x"}, "eventTime": null,
             "reportingController": "", "reportingInstance": "", "regarding": {"kind": "Pod", "name": "p"},
             "deprecatedFirstTimestamp": null, "deprecatedLastTimestamp": null}
            """, EventConversion.ToEventsV1(core));
        JsonAssert.Equal(core, EventConversion.ToCoreV1(EventConversion.ToEventsV1(core)));
    }

    [Fact]
    public void Wrongly_typed_and_undeclared_fields_are_dropped()
    {
        var events = Parse("""
            {"apiVersion": "events.k8s.io/v1", "kind": "Event", "metadata": [], "note": 5, "deprecatedCount": "3",
             "regarding": {"kind": "Pod", "name": 1, "extra": "x"}, "series": {"count": 1.5, "lastObservedTime": "t"},
             "deprecatedSource": "kubelet", "involvedObject": {"kind": "Pod"}, "reason": "Started"}
            """);
        JsonAssert.Equal("""
            {"apiVersion": "v1", "kind": "Event", "involvedObject": {"kind": "Pod"}, "reason": "Started",
             "series": {"lastObservedTime": "t"}}
            """, EventConversion.ToCoreV1(events));
    }

    [Fact]
    public void Conversions_do_not_modify_their_input_nor_share_nodes_with_it()
    {
        var core = Parse(Core);
        var events = EventConversion.ToEventsV1(core);
        events["metadata"]!["name"] = "changed";
        events["regarding"]!["name"] = "changed";
        events["series"]!["count"] = 1;
        JsonAssert.Equal(Core, core);
    }

    [Theory]
    [InlineData("regarding.name", "involvedObject.name")]
    [InlineData("regarding.fieldPath", "involvedObject.fieldPath")]
    [InlineData("reportingController", "reportingComponent")]
    [InlineData("metadata.namespace", "metadata.namespace")]
    [InlineData("type", "type")]
    [InlineData("note", null)]
    [InlineData("involvedObject.name", null)]
    public void Events_v1_field_selector_labels_map_to_core_labels(string label, string? expected)
    {
        Assert.Equal(expected, EventConversion.CoreFieldLabel(label));
    }
}
