using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Cluster.ApiServer.Http;
using Cluster.ApiServer.Registry;
using Cluster.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Cluster.ApiServer.Tests.Integration;

/// <summary>
/// 10,000 mutated corpus manifests (dropped fields, swapped types, huge strings, deep nesting, invalid UTF-8,
/// wrong content types, every write verb) sent over HTTPS: no 5xx, the server stays up, and afterwards every
/// stored object still decodes and passes validation.
/// </summary>
[Trait("tier", "integration")]
public sealed class FuzzIntegrationTests(InProcessServer server) : IClassFixture<InProcessServer>
{
    private const int Requests = 10_000;
    private const int Workers = 8;
    private static readonly string[] ContentTypes =
        ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf", "text/plain", "", "application/json; charset=utf-8",
         "application/merge-patch+json", "application/strategic-merge-patch+json", "application/json-patch+json", "application/apply-patch+yaml"];

    [Fact]
    public async Task Ten_thousand_mutated_requests_get_no_5xx_and_leave_a_consistent_store()
    {
        var registry = server.Host.Services.GetRequiredService<ResourceRegistry>();
        var seeds = Seeds(registry);
        Assert.NotEmpty(seeds);
        var ns = await server.NamespaceAsync("fuzz");
        var failures = new List<string>();
        var counts = new int[6];
        var next = -1;

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(async worker =>
        {
            while (Interlocked.Increment(ref next) is var i && i < Requests)
            {
                var random = new Random(1000 + i);
                var (seed, r) = seeds[random.Next(seeds.Count)];
                using var request = Mutate(random, (JsonObject)seed.DeepClone(), r, ns);
                var describe = $"#{i} {request.Method} {request.RequestUri}";
                using var response = await server.Client.SendAsync(request);
                var code = (int)response.StatusCode;
                Interlocked.Increment(ref counts[code / 100]);
                if (code >= 500)
                {
                    var body = await response.Content.ReadAsStringAsync();
                    lock (failures) failures.Add($"{describe} -> {code} {body[..Math.Min(300, body.Length)]}");
                }
            }
        }));

        Assert.True(failures.Count == 0, $"{failures.Count} requests got 5xx:\n" + string.Join("\n", failures.Take(20)));
        Assert.True(counts[2] > 0 && counts[4] > 0, $"2xx {counts[2]}, 4xx {counts[4]}: the mutations should both succeed and fail");
        Assert.Equal(HttpStatusCode.OK, (await server.SendAsync(HttpMethod.Get, "/readyz")).Code);

        // Every stored object still decodes, and a dry-run replacement of it with itself passes validation.
        foreach (var r in registry.All.Where(r => r.Namespaced).DistinctBy(r => r.StorageResource))
        {
            var prefix = r.Group.Length == 0 ? $"/api/{r.Version}" : $"/apis/{r.Group}/{r.Version}";
            var (code, list, _) = await server.SendAsync(HttpMethod.Get, $"{prefix}/namespaces/{ns}/{r.Plural}");
            Assert.Equal(HttpStatusCode.OK, code);
            foreach (var item in list!["items"]!.AsArray())
            {
                var name = (string)item!["metadata"]!["name"]!;
                var (putCode, put, _) = await server.SendAsync(HttpMethod.Put, $"{prefix}/namespaces/{ns}/{r.Plural}/{name}?dryRun=All", item.ToJsonString());
                Assert.True(putCode == HttpStatusCode.OK, $"{r.Kind} {name[..Math.Min(60, name.Length)]}: stored object fails its own update: {(int)putCode} {put?["message"]}");
            }
        }
    }

    private static List<(JsonObject Seed, ResourceDefinition Resource)> Seeds(ResourceRegistry registry)
    {
        var seeds = new List<(JsonObject, ResourceDefinition)>();
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Corpus, "*.yaml", SearchOption.AllDirectories))
        {
            foreach (var doc in YamlBody.ParseAll(File.ReadAllBytes(file)).OfType<JsonObject>())
            {
                var apiVersion = (string?)doc["apiVersion"] ?? "";
                var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
                var (group, version) = slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
                if (registry.FindKind(group, version, (string?)doc["kind"] ?? "") is { Namespaced: true } r) seeds.Add((doc, r));
            }
        }
        return seeds;
    }

    private static HttpRequestMessage Mutate(Random random, JsonObject obj, ResourceDefinition r, string ns)
    {
        var name = $"f{random.Next(200)}";
        if (obj["metadata"] is JsonObject meta)
        {
            meta["name"] = name;
            meta["namespace"] = ns;
        }
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations; m++) MutateTree(random, obj);

        var prefix = r.Group.Length == 0 ? $"/api/{r.Version}" : $"/apis/{r.Group}/{r.Version}";
        var collection = $"{prefix}/namespaces/{ns}/{r.Plural}";
        byte[] body = Encoding.UTF8.GetBytes(obj.ToJsonString());
        switch (random.Next(10))
        {
            case 0: body = InvalidUtf8(random, body); break;
            case 1: body = Encoding.UTF8.GetBytes(Deep(random.Next(100, 3000))); break;
            case 2: body = body[..random.Next(body.Length)]; break;
            case 3: body = [.. "k8s\0"u8, .. RandomBytes(random, random.Next(1, 200))]; break;
        }
        var (method, uri) = random.Next(6) switch
        {
            0 or 1 => (HttpMethod.Post, collection),
            2 => (HttpMethod.Put, $"{collection}/{name}"),
            3 => (HttpMethod.Patch, $"{collection}/{name}"),
            4 => (HttpMethod.Patch, $"{collection}/{name}?fieldManager=fuzz&force={(random.Next(2) == 0 ? "true" : "false")}"),
            _ => (HttpMethod.Post, $"{collection}?fieldValidation={(random.Next(3) switch { 0 => "Strict", 1 => "Warn", _ => "Ignore" })}"),
        };
        var request = new HttpRequestMessage(method, new Uri(uri, UriKind.Relative)) { Content = new ByteArrayContent(body) };
        var type = method == HttpMethod.Patch && random.Next(3) > 0
            ? ContentTypes[6 + random.Next(4)]
            : random.Next(4) == 0 ? ContentTypes[random.Next(ContentTypes.Length)] : "application/json";
        if (type.Length > 0) request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        return request;
    }

    /// <summary>One random change somewhere in the tree: drop a field, swap a value's type, or make a string huge.</summary>
    private static void MutateTree(Random random, JsonObject root)
    {
        JsonNode node = root;
        for (var depth = random.Next(1, 8); depth > 0; depth--)
        {
            JsonNode? child = node switch
            {
                JsonObject o when o.Count > 0 => o.ElementAt(random.Next(o.Count)).Value,
                JsonArray a when a.Count > 0 => a[random.Next(a.Count)],
                _ => null,
            };
            if (child is not (JsonObject or JsonArray)) break;
            node = child;
        }
        switch (node)
        {
            case JsonObject o when o.Count > 0:
                var key = o.ElementAt(random.Next(o.Count)).Key;
                switch (random.Next(4))
                {
                    case 0: o.Remove(key); break;
                    case 1: o[key] = Swap(random, o[key]); break;
                    case 2: o[key] = new string('x', random.Next(1, 3) * 200_000); break;
                    default: o[$"unknown{random.Next(5)}"] = Swap(random, null); break;
                }
                break;
            case JsonArray a when a.Count > 0:
                var index = random.Next(a.Count);
                if (random.Next(2) == 0) a.RemoveAt(index);
                else a[index] = Swap(random, a[index]);
                break;
        }
    }

    private static JsonNode? Swap(Random random, JsonNode? value) => random.Next(7) switch
    {
        0 => JsonValue.Create(random.Next(-5, 100_000)),
        1 => JsonValue.Create(random.NextDouble() * 1e20),
        2 => JsonValue.Create(random.Next(2) == 0),
        3 => JsonValue.Create("s" + random.Next()),
        4 => new JsonArray(JsonValue.Create(1), JsonValue.Create("x")),
        5 => new JsonObject { ["k"] = value?.DeepClone() },
        _ => null,
    };

    private static string Deep(int depth) => new string('[', depth) + new string(']', depth);

    private static byte[] InvalidUtf8(Random random, byte[] body)
    {
        var copy = body.ToArray();
        for (var i = 0; i < 3 && copy.Length > 0; i++) copy[random.Next(copy.Length)] = (byte)random.Next(0x80, 0x100);
        return copy;
    }

    private static byte[] RandomBytes(Random random, int n)
    {
        var bytes = new byte[n];
        random.NextBytes(bytes);
        return bytes;
    }
}
