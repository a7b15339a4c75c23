using System.Net;

namespace Cluster.ApiServer.Tests.Integration;

[Trait("tier", "integration")]
public sealed class VersionConversionIntegrationTests(InProcessServer server) : IClassFixture<InProcessServer>
{
    [Fact]
    public async Task An_hpa_written_as_v1_reads_as_v2_and_back()
    {
        var ns = await server.NamespaceAsync();
        var (code, _, _) = await server.SendAsync(HttpMethod.Post, $"/apis/autoscaling/v1/namespaces/{ns}/horizontalpodautoscalers",
            """{"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"web"},"spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"minReplicas":1,"maxReplicas":5,"targetCPUUtilizationPercentage":60}}""");
        Assert.Equal(HttpStatusCode.Created, code);
        var (_, v2, _) = await server.SendAsync(HttpMethod.Get, $"/apis/autoscaling/v2/namespaces/{ns}/horizontalpodautoscalers/web");
        Assert.Equal("autoscaling/v2", (string?)v2!["apiVersion"]);
        Assert.Equal(60, (int?)v2["spec"]!["metrics"]![0]!["resource"]!["target"]!["averageUtilization"]);
        var (_, v1, _) = await server.SendAsync(HttpMethod.Get, $"/apis/autoscaling/v1/namespaces/{ns}/horizontalpodautoscalers/web");
        Assert.Equal("autoscaling/v1", (string?)v1!["apiVersion"]);
        Assert.Equal(60, (int?)v1["spec"]!["targetCPUUtilizationPercentage"]);
        var (_, list, _) = await server.SendAsync(HttpMethod.Get, $"/apis/autoscaling/v1/namespaces/{ns}/horizontalpodautoscalers?resourceVersion=0");
        Assert.Equal("autoscaling/v1", (string?)list!["items"]![0]!["apiVersion"]);
    }

    [Fact]
    public async Task A_core_event_reads_as_an_events_k8s_io_event()
    {
        var ns = await server.NamespaceAsync();
        var (code, created, _) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/events", $$$"""
            {"apiVersion":"v1","kind":"Event","metadata":{"name":"e1"},"involvedObject":{"kind":"Pod","name":"p","namespace":"{{{ns}}}"},
             "reason":"Started","message":"started the container","type":"Normal","source":{"component":"kubelet"},"count":2}
            """);
        Assert.True(code == HttpStatusCode.Created, created?.ToJsonString());
        var (_, e, _) = await server.SendAsync(HttpMethod.Get, $"/apis/events.k8s.io/v1/namespaces/{ns}/events/e1");
        Assert.Equal("events.k8s.io/v1", (string?)e!["apiVersion"]);
        Assert.Equal("started the container", (string?)e["note"]);
        Assert.Equal("p", (string?)e["regarding"]!["name"]);
        var (_, selected, _) = await server.SendAsync(HttpMethod.Get, $"/apis/events.k8s.io/v1/namespaces/{ns}/events?fieldSelector=regarding.name%3Dp");
        Assert.Single(selected!["items"]!.AsArray());
    }
}
