using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Cluster.ApiServer.Observability;
using Cluster.ApiServer.Tests.Integration;
using Cluster.TestKit;

namespace Cluster.ApiServer.Tests.Observability;

/// <summary>
/// Spans of real requests, caught by an in-memory listener. Each request carries a W3C traceparent with a fresh
/// trace id, so the spans of this test are told apart from those of servers other tests run at the same time.
/// </summary>
[Trait("tier", "integration")]
public sealed class RequestTracingIntegrationTests(InProcessServer server) : IClassFixture<InProcessServer>, IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private ActivityListener? _listener;

    private void Listen()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ApiServerTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener?.Dispose();

    private async Task<(HttpStatusCode Code, ActivityTraceId Trace, ActivitySpanId Parent)> SendTracedAsync(HttpMethod method, string path, string body)
    {
        var trace = ActivityTraceId.CreateRandom();
        var parent = ActivitySpanId.CreateRandom();
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = new StringContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("traceparent", $"00-{trace}-{parent}-01");
        using var response = await server.Client.SendAsync(request);
        return (response.StatusCode, trace, parent);
    }

    private async Task<Activity> ServerSpanAsync(ActivityTraceId trace)
    {
        await Eventually.TrueAsync(() => _stopped.Any(a => a.TraceId == trace && a.Kind == ActivityKind.Server), TimeSpan.FromSeconds(10), "the request span ends");
        return Assert.Single(_stopped, a => a.TraceId == trace && a.Kind == ActivityKind.Server);
    }

    [Fact]
    public async Task A_request_has_a_server_span_under_the_callers_trace_with_child_spans_for_store_calls()
    {
        var ns = await server.NamespaceAsync("trace");
        Listen();

        var (code, trace, parent) = await SendTracedAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"traced"}}""");
        Assert.Equal(HttpStatusCode.Created, code);

        var span = await ServerSpanAsync(trace);
        Assert.Equal("POST /api/v1/namespaces/{namespace}/configmaps", span.DisplayName);
        Assert.Equal(parent, span.ParentSpanId);
        Assert.Equal("create", span.GetTagItem("verb"));
        Assert.Equal("configmaps", span.GetTagItem("resource"));
        Assert.Equal(ns, span.GetTagItem("namespace"));
        Assert.Equal(201, span.GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);

        var children = _stopped.Where(a => a.ParentSpanId == span.SpanId).ToList();
        var create = Assert.Single(children, a => a.DisplayName == "etcd create");
        Assert.Equal(ActivityKind.Client, create.Kind);
        Assert.Equal(trace, create.TraceId);
        Assert.Equal("configmaps", create.GetTagItem("resource"));
        Assert.Equal("create", create.GetTagItem("db.operation.name"));
        // The namespace check reads the namespaces' watch cache, or the store when the cache has not seen it yet.
        Assert.All(children.Where(a => a.DisplayName == "etcd get"), g => Assert.Equal("namespaces", g.GetTagItem("resource")));
    }

    [Fact]
    public async Task A_5xx_response_marks_the_request_span_as_an_error()
    {
        var ns = await server.NamespaceAsync("trace5xx");
        // A pod bound to a node that does not exist: its exec has no kubelet to go to (503).
        using (var created = await server.Client.PostAsync(new Uri($"/api/v1/namespaces/{ns}/pods", UriKind.Relative), new StringContent(
                   "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"},\"spec\":{\"nodeName\":\"no-such-node\",\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}",
                   System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        Listen();

        var (code, trace, _) = await SendTracedAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods/p/exec?command=true&stdout=true", "");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, code);

        var span = await ServerSpanAsync(trace);
        Assert.Equal("POST /api/v1/namespaces/{namespace}/pods/{name}/exec", span.DisplayName);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(503, span.GetTagItem("http.response.status_code"));
    }
}
