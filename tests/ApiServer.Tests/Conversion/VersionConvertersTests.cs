using System.Text.Json.Nodes;
using Cluster.ApiServer.Conversion;

namespace Cluster.ApiServer.Tests.Conversion;

public sealed class VersionConvertersTests
{
    [Theory]
    [InlineData("autoscaling/v1", "HorizontalPodAutoscaler", "autoscaling/v2")]
    [InlineData("events.k8s.io/v1", "Event", "v1")]
    public void Kinds_served_in_another_version_have_a_converter_to_their_storage_version(string served, string kind, string storage)
    {
        var converter = VersionConverters.For(served, kind);
        Assert.NotNull(converter);
        Assert.Equal(storage, converter.StorageApiVersion);
    }

    [Theory]
    [InlineData("autoscaling/v2", "HorizontalPodAutoscaler")]
    [InlineData("v1", "Event")]
    [InlineData("apps/v1", "Deployment")]
    [InlineData("autoscaling/v1", "Scale")]
    public void Kinds_stored_as_served_have_no_converter(string served, string kind)
    {
        Assert.Null(VersionConverters.For(served, kind));
    }

    [Fact]
    public void Hpa_converter_stores_v1_as_v2_and_serves_v2_as_v1()
    {
        IVersionConverter converter = HorizontalPodAutoscalerV1Converter.Instance;
        var served = JsonNode.Parse("""{"apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler", "spec": {"maxReplicas": 4, "targetCPUUtilizationPercentage": 60}}""")!.AsObject();
        var stored = converter.ToStorage(served);
        Assert.Equal("autoscaling/v2", (string?)stored["apiVersion"]);
        Assert.Equal(60, (int?)stored["spec"]!["metrics"]![0]!["resource"]!["target"]!["averageUtilization"]);
        JsonAssert.Equal(served, converter.FromStorage(stored));
    }

    [Fact]
    public void Events_converter_stores_events_v1_as_core_v1_and_serves_it_back()
    {
        IVersionConverter converter = EventsV1Converter.Instance;
        var served = JsonNode.Parse("""{"apiVersion": "events.k8s.io/v1", "kind": "Event", "eventTime": "2024-01-01T00:00:00.000000Z", "note": "hi", "regarding": {"kind": "Pod", "name": "p"}}""")!.AsObject();
        var stored = converter.ToStorage(served);
        JsonAssert.Equal("""{"apiVersion": "v1", "kind": "Event", "eventTime": "2024-01-01T00:00:00.000000Z", "message": "hi", "involvedObject": {"kind": "Pod", "name": "p"}}""", stored);
        JsonAssert.Equal(served, converter.FromStorage(stored));
    }
}
