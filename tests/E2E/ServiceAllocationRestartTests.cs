using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Cluster.Store;
using Cluster.Store.Embedded;
using Cluster.TestKit;

namespace Cluster.E2E;

/// <summary>Cluster IPs and node ports across a SIGKILL of the server in the middle of a burst of Service creates.</summary>
public sealed class ServiceAllocationRestartTests
{
    private const string Namespace = "default";

    [Fact]
    public async Task A_kill_during_creates_leaves_every_address_and_port_claimed_by_exactly_the_service_using_it()
    {
        await using var server = await ClusterServerProcess.StartAsync();
        var acknowledged = new ConcurrentDictionary<string, (string Ip, int Port)>();
        using (var client = server.CreateClient())
        {
            using var stop = new CancellationTokenSource();
            var burst = Task.WhenAll(Enumerable.Range(0, 6).Select(worker => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var name = $"burst-{worker}-{i}";
                    try
                    {
                        var body = $$$"""{"apiVersion":"v1","kind":"Service","metadata":{"name":"{{{name}}}"},"spec":{"type":"NodePort","ports":[{"port":80}]}}""";
                        using var response = await client.PostAsync(new Uri($"/api/v1/namespaces/{Namespace}/services", UriKind.Relative),
                            new StringContent(body, Encoding.UTF8, "application/json"), stop.Token);
                        if (response.StatusCode != HttpStatusCode.Created) continue;
                        var spec = JsonNode.Parse(await response.Content.ReadAsStringAsync(stop.Token))!["spec"]!;
                        acknowledged[name] = ((string)spec["clusterIP"]!, (int)spec["ports"]![0]!["nodePort"]!);
                    }
                    catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
                    {
                        return; // the server is gone
                    }
                }
            })));
            await Eventually.TrueAsync(() => acknowledged.Count >= 60, TimeSpan.FromSeconds(60), "60 services created");
            await server.KillAsync();
            await stop.CancelAsync();
            await burst;
        }

        // What the killed server left in its store: each claim is held by the service that uses the value, and no other.
        await using (var store = await EmbeddedStore.OpenAsync(new EmbeddedStoreOptions { DataDirectory = Path.Combine(server.DataDirectory, "store") }))
        {
            var used = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var kv in (await store.RangeAsync(RangeRequest.Prefix("/registry/services/specs/"u8.ToArray()))).Kvs)
            {
                var svc = JsonNode.Parse(kv.Value.Span)!;
                var holder = $"{svc["metadata"]!["namespace"]}/{svc["metadata"]!["name"]}";
                if ((string?)svc["spec"]!["clusterIP"] is { } ip && ip != "None") Assert.True(used.TryAdd("/registry/ranges/serviceips/" + ip, holder), $"{ip} used twice");
                foreach (var port in svc["spec"]!["ports"]!.AsArray().Select(p => (int?)p!["nodePort"]).OfType<int>())
                    Assert.True(used.TryAdd("/registry/ranges/servicenodeports/" + port, holder), $"{port} used twice");
            }

            var claims = (await store.RangeAsync(RangeRequest.Prefix("/registry/ranges/"u8.ToArray()))).Kvs
                .ToDictionary(kv => Encoding.UTF8.GetString(kv.Key.Span), kv => Encoding.UTF8.GetString(kv.Value.Span));
            Assert.Equal(used.OrderBy(p => p.Key), claims.OrderBy(p => p.Key));
            Assert.All(acknowledged.Keys, name => Assert.Contains($"{Namespace}/{name}", claims.Values));
        }

        await server.StartAgainAsync();
        using var after = server.CreateClient();
        var (name0, (ip0, _)) = acknowledged.First();
        var taken = $$$"""{"apiVersion":"v1","kind":"Service","metadata":{"name":"late"},"spec":{"clusterIP":"{{{ip0}}}","ports":[{"port":80}]}}""";
        using var refused = await after.PostAsync(new Uri($"/api/v1/namespaces/{Namespace}/services", UriKind.Relative), new StringContent(taken, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        using var got = await after.GetAsync(new Uri($"/api/v1/namespaces/{Namespace}/services/{name0}", UriKind.Relative));
        Assert.Equal(ip0, (string)JsonNode.Parse(await got.Content.ReadAsStringAsync())!["spec"]!["clusterIP"]!);
    }
}
