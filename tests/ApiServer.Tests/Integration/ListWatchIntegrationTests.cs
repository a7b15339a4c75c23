using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Tests.Integration;

[Trait("tier", "integration")]
public sealed class ListWatchIntegrationTests(InProcessServer server) : IClassFixture<InProcessServer>
{
    private async Task CreateAsync(string ns, string name, string app)
    {
        var (code, _, _) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps",
            $$$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{{name}}}}","labels":{"app":"{{{{app}}}}"}}}""");
        Assert.Equal(HttpStatusCode.Created, code);
    }

    private static string[] Names(JsonNode? list) => [.. list!["items"]!.AsArray().Select(i => (string)i!["metadata"]!["name"]!)];

    [Fact]
    public async Task Label_selectors_filter_lists()
    {
        var ns = await server.NamespaceAsync();
        await CreateAsync(ns, "a", "web");
        await CreateAsync(ns, "b", "db");
        await CreateAsync(ns, "c", "web");
        Assert.Equal(["a", "c"], Names((await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps?labelSelector=app%3Dweb")).Body));
        Assert.Equal(["b"], Names((await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps?labelSelector=app%20notin%20(web)")).Body));
        Assert.Equal(["a", "c"], Names((await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps?labelSelector=app%3Dweb&resourceVersion=0")).Body));
        Assert.Equal(["b"], Names((await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps?fieldSelector=metadata.name%3Db")).Body));
    }

    [Fact]
    public async Task Limit_and_continue_page_through_one_snapshot()
    {
        var ns = await server.NamespaceAsync();
        foreach (var n in (string[])["p1", "p2", "p3", "p4", "p5"]) await CreateAsync(ns, n, "x");
        var (_, first, _) = await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps?limit=2");
        Assert.Equal(["p1", "p2"], Names(first));
        var token = (string)first!["metadata"]!["continue"]!;
        var rv = (string)first["metadata"]!["resourceVersion"]!;
        await CreateAsync(ns, "p0", "x"); // not in the snapshot the pages come from
        var (_, second, _) = await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps?limit=2&continue={token}");
        Assert.Equal(["p3", "p4"], Names(second));
        Assert.Equal(rv, (string?)second!["metadata"]!["resourceVersion"]);
        var (_, third, _) = await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps?limit=2&continue={second["metadata"]!["continue"]}");
        Assert.Equal(["p5"], Names(third));
        Assert.Null(third!["metadata"]!["continue"]);
    }

    [Fact]
    public async Task A_garbled_continue_token_is_400()
    {
        var (code, _, _) = await server.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps?limit=1&continue=garbage");
        Assert.Equal(HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task Watch_from_a_resourceVersion_sees_every_later_change_in_order()
    {
        var ns = await server.NamespaceAsync();
        var (_, list, _) = await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps");
        var rv = (string)list!["metadata"]!["resourceVersion"]!;
        await CreateAsync(ns, "w", "one");
        await server.SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/w", """{"data":{"k":"v"}}""", "application/merge-patch+json");
        await server.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/configmaps/w");

        var events = await WatchAsync($"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={rv}&timeoutSeconds=5", 3);
        Assert.Equal(["ADDED", "MODIFIED", "DELETED"], events.Select(e => (string)e["type"]!));
        Assert.All(events, e => Assert.Equal("w", (string?)e["object"]!["metadata"]!["name"]));
        var rvs = events.Select(e => long.Parse((string)e["object"]!["metadata"]!["resourceVersion"]!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(rvs.Order(), rvs);
    }

    [Fact]
    public async Task An_object_leaving_the_selector_is_a_DELETED_for_that_watcher()
    {
        var ns = await server.NamespaceAsync();
        var (_, list, _) = await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps");
        var rv = (string)list!["metadata"]!["resourceVersion"]!;
        await CreateAsync(ns, "s", "web");
        await server.SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/s", """{"metadata":{"labels":{"app":"db"}}}""", "application/merge-patch+json");
        await server.SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/s", """{"metadata":{"labels":{"app":"web"}}}""", "application/merge-patch+json");
        var events = await WatchAsync($"/api/v1/namespaces/{ns}/configmaps?watch=1&labelSelector=app%3Dweb&resourceVersion={rv}&timeoutSeconds=5", 3);
        Assert.Equal(["ADDED", "DELETED", "ADDED"], events.Select(e => (string)e["type"]!));
    }

    [Fact]
    public async Task Watch_without_a_resourceVersion_starts_with_the_current_objects()
    {
        var ns = await server.NamespaceAsync();
        await CreateAsync(ns, "i1", "x");
        await CreateAsync(ns, "i2", "x");
        var events = await WatchAsync($"/api/v1/namespaces/{ns}/configmaps?watch=true&timeoutSeconds=5", 2);
        Assert.Equal(["ADDED", "ADDED"], events.Select(e => (string)e["type"]!));
    }

    [Fact]
    public async Task Watch_list_ends_its_initial_events_with_an_annotated_bookmark()
    {
        var ns = await server.NamespaceAsync();
        await CreateAsync(ns, "b1", "x");
        var events = await WatchAsync($"/api/v1/namespaces/{ns}/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=5", 2);
        Assert.Equal("ADDED", (string?)events[0]["type"]);
        Assert.Equal("BOOKMARK", (string?)events[1]["type"]);
        Assert.Equal("true", (string?)events[1]["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]);
    }

    private async Task<List<JsonNode>> WatchAsync(string path, int count)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var events = new List<JsonNode>();
        while (events.Count < count && await reader.ReadLineAsync() is { } line)
        {
            if (line.Length > 0) events.Add(JsonNode.Parse(line)!);
        }
        return events;
    }
}
