using System.Net;
using Cluster.ApiServer.Observability;
using Cluster.ApiServer.Tests.Integration;
using Cluster.TestKit;

namespace Cluster.ApiServer.Tests.Observability;

/// <summary>
/// <c>/metrics</c> of a real in-process server. The server is this class's own, and its provider reads only its
/// own meter, so counts are exact even while other classes' servers run in the same process.
/// </summary>
[Trait("tier", "integration")]
public sealed class MetricsEndpointIntegrationTests(InProcessServer server) : IClassFixture<InProcessServer>
{
    private static string ConfigMap(string name) =>
        $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"},"data":{"k":"v"}}""";

    private static (string, string)[] Request(string verb, string resource, string scope, string code, string dryRun = "") =>
    [
        ("verb", verb), ("dry_run", dryRun), ("group", ""), ("version", "v1"), ("resource", resource),
        ("subresource", ""), ("scope", scope), ("component", "apiserver"), ("code", code),
    ];

    private async Task<PrometheusSamples> ScrapeAsync()
    {
        using var response = await server.Client.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PrometheusScraper.ContentType, response.Content.Headers.ContentType!.ToString());
        return new PrometheusSamples(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_need_authentication_like_every_other_api_path()
    {
        using var anonymous = server.Anonymous();
        using var response = await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Requests_store_calls_and_stored_objects_are_measured_with_upstream_names_and_labels()
    {
        var ns = await server.NamespaceAsync("metrics");
        var configmaps = $"/api/v1/namespaces/{ns}/configmaps";
        Assert.Equal(HttpStatusCode.Created, (await server.SendAsync(HttpMethod.Post, configmaps, ConfigMap("a"))).Code);
        Assert.Equal(HttpStatusCode.Created, (await server.SendAsync(HttpMethod.Post, configmaps, ConfigMap("b"))).Code);
        Assert.Equal(HttpStatusCode.OK, (await server.SendAsync(HttpMethod.Get, configmaps + "/a")).Code);
        Assert.Equal(HttpStatusCode.NotFound, (await server.SendAsync(HttpMethod.Get, configmaps + "/missing")).Code);
        Assert.Equal(HttpStatusCode.OK, (await server.SendAsync(HttpMethod.Get, configmaps)).Code);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);

        var m = await ScrapeAsync();
        Assert.Contains("# TYPE apiserver_request_total counter\n", m.Text, StringComparison.Ordinal);
        Assert.Contains("# TYPE apiserver_request_duration_seconds histogram\n", m.Text, StringComparison.Ordinal);
        Assert.Equal(2, m.Value("apiserver_request_total", Request("POST", "configmaps", "resource", "201")));
        Assert.Equal(1, m.Value("apiserver_request_total", Request("GET", "configmaps", "resource", "200")));
        Assert.Equal(1, m.Value("apiserver_request_total", Request("GET", "configmaps", "resource", "404")));
        Assert.Equal(1, m.Value("apiserver_request_total", Request("LIST", "configmaps", "namespace", "200")));
        Assert.Equal(1, m.Value("apiserver_request_total", ("verb", "GET"), ("resource", ""), ("subresource", "/healthz"), ("scope", ""), ("code", "200")));

        var post = Request("POST", "configmaps", "resource", "201")[..8];
        Assert.Equal(2, m.Value("apiserver_request_duration_seconds_count", post));
        var buckets = m.Find("apiserver_request_duration_seconds_bucket", post).ToList();
        Assert.Equal([.. ApiServerTelemetry.LatencyBuckets.Select(b => b.ToString(System.Globalization.CultureInfo.InvariantCulture)), "+Inf"],
            buckets.Select(b => b.Labels["le"]));
        Assert.Equal(2, buckets[^1].Value);
        Assert.True(m.Value("apiserver_request_duration_seconds_sum", post) > 0);

        Assert.Equal(2, m.Value("etcd_request_duration_seconds_count", ("operation", "create"), ("type", "configmaps")));
        Assert.Equal(2, m.Value("etcd_request_duration_seconds_count", ("operation", "get"), ("type", "configmaps")));
        // The request's own list: a read of the latest state goes to the store and starts no watch cache.
        Assert.Equal(1, m.Value("etcd_request_duration_seconds_count", ("operation", "list"), ("type", "configmaps")));
        Assert.Equal(24, m.Find("etcd_request_duration_seconds_bucket", ("operation", "create"), ("type", "configmaps")).Count());

        // The scrape itself is the one request in flight.
        Assert.Equal(1, m.Value("apiserver_current_inflight_requests", ("request_kind", "readOnly")));
        Assert.Equal(0, m.Value("apiserver_current_inflight_requests", ("request_kind", "mutating")));

        // A resourceVersion=0 list loads the configmaps watch cache, which catches up with the store asynchronously.
        Assert.Equal(HttpStatusCode.OK, (await server.SendAsync(HttpMethod.Get, configmaps + "?resourceVersion=0")).Code);
        await Eventually.TrueAsync(async () => (await ScrapeAsync()).Find("apiserver_storage_objects", ("resource", "configmaps")).SingleOrDefault().Value == 2,
            TimeSpan.FromSeconds(10), "apiserver_storage_objects{resource=\"configmaps\"} reaches 2");
        Assert.True((await ScrapeAsync()).Value("apiserver_request_total", ("verb", "GET"), ("subresource", "/metrics"), ("code", "200")) >= 1);
    }

    [Fact]
    public async Task Dry_runs_are_counted_under_their_own_label()
    {
        var ns = await server.NamespaceAsync("dryrun");
        var (code, _, _) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps?dryRun=All", ConfigMap("d"));
        Assert.Equal(HttpStatusCode.Created, code);

        var m = await ScrapeAsync();
        Assert.Equal(1, m.Value("apiserver_request_total", Request("POST", "configmaps", "resource", "201", dryRun: "All")));
    }
}
