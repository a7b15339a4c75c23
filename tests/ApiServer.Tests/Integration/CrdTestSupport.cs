using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Cluster.TestKit;

namespace Cluster.ApiServer.Tests.Integration;

/// <summary>What the custom resource integration tests share: a unique group, establishing a CRD, reading a watch.</summary>
internal static class CrdTestSupport
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public const string CrdsPath = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

    public static string Group() => $"g{Guid.NewGuid().ToString("N")[..8]}.example.dev";

    /// <summary>Creates the CRD and waits until its Established condition is True.</summary>
    public static async Task<string> EstablishAsync(this InProcessServer server, string crd, string name)
    {
        var (code, body, _) = await server.SendAsync(HttpMethod.Post, CrdsPath, crd);
        Assert.True(code == HttpStatusCode.Created, body?.ToJsonString());
        await server.Client.WaitEstablishedAsync(name);
        return name;
    }

    public static async Task WaitEstablishedAsync(this HttpClient client, string name) =>
        await Eventually.TrueAsync(async () =>
        {
            using var response = await client.GetAsync(new Uri($"{CrdsPath}/{name}", UriKind.Relative));
            var crd = JsonNode.Parse(await response.Content.ReadAsStringAsync());
            return Condition(crd, "Established") == "True";
        }, Patience, $"{name} is established");

    /// <summary>The status of the CRD's condition <paramref name="type"/>, or null.</summary>
    public static string? Condition(JsonNode? crd, string type) =>
        (crd?["status"]?["conditions"] as JsonArray)?.FirstOrDefault(c => (string?)c?["type"] == type)?["status"]?.GetValue<string>();

    /// <summary>The first <paramref name="count"/> events of a watch (its URL should carry a timeoutSeconds).</summary>
    public static async Task<List<JsonNode>> WatchAsync(this HttpClient client, string path, int count)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
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
