using System.Net;
using Cluster.ApiServer.Tests.Integration;
using Cluster.TestKit;

namespace Cluster.ApiServer.Tests.Observability;

/// <summary>Watches in the metrics: registered and long-running while open, their events counted, not in flight.</summary>
[Trait("tier", "integration")]
public sealed class WatchMetricsIntegrationTests(InProcessServer server) : IClassFixture<InProcessServer>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly (string, string)[] ConfigMapKind = [("group", ""), ("version", "v1"), ("kind", "ConfigMap")];

    private async Task<PrometheusSamples> ScrapeAsync()
    {
        using var response = await server.Client.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new PrometheusSamples(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_open_watch_is_a_registered_long_running_request_and_its_events_are_counted()
    {
        var ns = await server.NamespaceAsync("watch");
        var configmaps = $"/api/v1/namespaces/{ns}/configmaps";
        var watch = await server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(configmaps + "?watch=1", UriKind.Relative)),
            HttpCompletionOption.ResponseHeadersRead);
        using (watch)
        {
            Assert.Equal(HttpStatusCode.OK, watch.StatusCode);
            var events = new StreamReader(await watch.Content.ReadAsStreamAsync());

            var m = await ScrapeAsync();
            Assert.Equal(1, m.Value("apiserver_registered_watchers", ConfigMapKind));
            Assert.Equal(1, m.Value("apiserver_longrunning_requests", ("verb", "WATCH"), ("group", ""), ("version", "v1"),
                ("resource", "configmaps"), ("subresource", ""), ("scope", "namespace"), ("component", "apiserver")));
            Assert.Equal(1, m.Value("apiserver_current_inflight_requests", ("request_kind", "readOnly")));
            Assert.Empty(m.Find("apiserver_watch_events_total", ConfigMapKind));

            var (code, _, _) = await server.SendAsync(HttpMethod.Post, configmaps, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"w"}}""");
            Assert.Equal(HttpStatusCode.Created, code);
            Assert.StartsWith("""{"type":"ADDED","object":""", await events.ReadLineAsync().WaitAsync(Wait), StringComparison.Ordinal);

            Assert.Equal(1, (await ScrapeAsync()).Value("apiserver_watch_events_total", ConfigMapKind));
        }

        await Eventually.TrueAsync(async () => (await ScrapeAsync()).Value("apiserver_registered_watchers", ConfigMapKind) == 0,
            Wait, "the closed watch is unregistered");
        var after = await ScrapeAsync();
        Assert.Equal(0, after.Value("apiserver_longrunning_requests", ("verb", "WATCH"), ("resource", "configmaps")));
        Assert.Equal(1, after.Value("apiserver_request_total", ("verb", "WATCH"), ("resource", "configmaps"), ("scope", "namespace"), ("code", "200")));
    }
}
