using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Cluster.TestKit;

namespace Cluster.E2E;

/// <summary>The server killed with SIGKILL and started again on the same data directory.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task After_a_kill_everything_is_there_versions_continue_and_a_resumed_watch_misses_nothing()
    {
        await using var server = await ClusterServerProcess.StartAsync();
        string lastSeen;
        long before;
        using (var client = server.CreateClient())
        {
            for (var i = 0; i < 10; i++) await CreateAsync(client, $"cm{i}");
            lastSeen = await RvOfAsync(client, "cm4");
            before = long.Parse(await RvOfAsync(client, "cm9"), System.Globalization.CultureInfo.InvariantCulture);
        }

        await server.KillAsync();
        await server.StartAgainAsync();

        using var after = server.CreateClient();
        var (_, list) = await GetAsync(after, "/api/v1/namespaces/default/configmaps?labelSelector=restart%3Dtest");
        Assert.Equal(10, list!["items"]!.AsArray().Count);
        var firstNew = long.Parse(await CreateAsync(after, "cm10"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(firstNew > before, $"resourceVersion {firstNew} after restart is not above {before}");
        for (var i = 11; i < 15; i++) await CreateAsync(after, $"cm{i}");

        var names = await WatchNamesAsync(after, $"/api/v1/namespaces/default/configmaps?watch=true&labelSelector=restart%3Dtest&resourceVersion={lastSeen}&timeoutSeconds=10", 10);
        Assert.Equal(Enumerable.Range(5, 10).Select(i => $"cm{i}"), names);
    }

    private static async Task<string> CreateAsync(HttpClient client, string name)
    {
        var body = $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}","labels":{"restart":"test"}},"data":{"k":"v"}}""";
        using var response = await client.PostAsync(new Uri("/api/v1/namespaces/default/configmaps", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["metadata"]!["resourceVersion"]!;
    }

    private static async Task<string> RvOfAsync(HttpClient client, string name) =>
        (string)(await GetAsync(client, $"/api/v1/namespaces/default/configmaps/{name}")).Body!["metadata"]!["resourceVersion"]!;

    private static async Task<(HttpStatusCode Code, JsonNode? Body)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()));
    }

    private static async Task<List<string>> WatchNamesAsync(HttpClient client, string path, int count)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var names = new List<string>();
        while (names.Count < count && await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0) continue;
            var e = JsonNode.Parse(line)!;
            Assert.Equal("ADDED", (string?)e["type"]);
            names.Add((string)e["object"]!["metadata"]!["name"]!);
        }
        return names;
    }
}
