using System.Net;
using System.Text.Json.Nodes;
using Cluster.ApiServer.Http;
using Cluster.ApiServer.Registry;
using Cluster.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Cluster.ApiServer.Tests.Integration;

/// <summary>Every corpus manifest of a served kind is created through the API and read back with every field the user set unchanged.</summary>
[Trait("tier", "integration")]
public sealed class CorpusRoundTripTests(InProcessServer server) : IClassFixture<InProcessServer>
{
    public static TheoryData<string> Files() =>
        [.. Directory.EnumerateFiles(RepoPaths.Corpus, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(RepoPaths.Corpus, f))
            .Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Every_field_the_user_set_comes_back_unchanged(string file)
    {
        var registry = server.Host.Services.GetRequiredService<ResourceRegistry>();
        var documents = YamlBody.ParseAll(await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Corpus, file)));
        var ns = await server.NamespaceAsync("corpus");
        var problems = new List<string>();
        var served = 0;
        foreach (var doc in documents.OfType<JsonObject>())
        {
            var apiVersion = (string?)doc["apiVersion"] ?? "";
            var kind = (string?)doc["kind"] ?? "";
            var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
            var (group, version) = slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
            if (registry.FindKind(group, version, kind) is not { } r) continue;
            served++;
            var meta = (JsonObject)doc["metadata"]!;
            if (r.Namespaced) meta["namespace"] = ns;
            else if (kind == "CustomResourceDefinition" && doc["spec"] is JsonObject crdSpec)
            {
                // A CRD's name is plural.group: make it unique through its group.
                crdSpec["group"] = $"{ns}.{(string?)crdSpec["group"]}";
                meta["name"] = $"{(string?)crdSpec["names"]?["plural"]}.{(string?)crdSpec["group"]}";
            }
            else meta["name"] = $"{(string?)meta["name"]}-{ns}";
            var prefix = group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}";
            var collection = r.Namespaced ? $"{prefix}/namespaces/{ns}/{r.Plural}" : $"{prefix}/{r.Plural}";
            var (code, created, _) = await server.SendAsync(HttpMethod.Post, collection + "?fieldValidation=Strict", doc.ToJsonString());
            if (code != HttpStatusCode.Created)
            {
                problems.Add($"{kind} {(string?)meta["name"]}: create answered {(int)code}: {created?["message"]}");
                continue;
            }
            var (getCode, stored, _) = await server.SendAsync(HttpMethod.Get, $"{collection}/{(string?)meta["name"]}");
            Assert.Equal(HttpStatusCode.OK, getCode);
            if (kind == "Secret" && doc["stringData"] is JsonObject stringData)
            {
                // The server moves stringData into data, base64-encoded, as Kubernetes does.
                foreach (var (key, value) in stringData)
                {
                    var expected = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes((string?)value ?? ""));
                    if ((string?)stored!["data"]?[key] != expected) problems.Add($"Secret stringData.{key} is not data.{key}");
                }
                doc.Remove("stringData");
            }
            Compare(doc, stored, kind, "", problems);
        }
        Assert.True(problems.Count == 0, $"{file}: {served} objects of served kinds\n" + string.Join("\n", problems));
    }

    /// <summary>Quantities come back in canonical form ("0.5" as "500m"), as Kubernetes stores them.</summary>
    private static bool SameQuantity(JsonNode sent, JsonNode? stored) =>
        stored is not null
        && Cluster.Api.Quantities.Quantity.TryParse(sent.ToString(), out var a)
        && Cluster.Api.Quantities.Quantity.TryParse(stored.ToString(), out var b)
        && a == b && sent.GetValueKind() == System.Text.Json.JsonValueKind.String;

    /// <summary>Every leaf of <paramref name="sent"/> is in <paramref name="stored"/> with the same value.</summary>
    private static void Compare(JsonNode? sent, JsonNode? stored, string kind, string path, List<string> problems)
    {
        switch (sent)
        {
            case JsonObject o:
                if (stored is not JsonObject so)
                {
                    problems.Add($"{kind} {path}: stored {stored?.ToJsonString() ?? "nothing"} for an object");
                    return;
                }
                foreach (var (key, value) in o) Compare(value, so[key], kind, $"{path}.{key}", problems);
                return;
            case JsonArray a:
                // Admission appends the default not-ready/unreachable tolerations to a pod's own, as upstream's does.
                if (path.EndsWith(".tolerations", StringComparison.Ordinal) && stored is JsonArray st && st.Count > a.Count
                    && st.Skip(a.Count).All(t => ((string?)t?["key"])?.StartsWith("node.kubernetes.io/", StringComparison.Ordinal) == true))
                    stored = new JsonArray([.. st.Take(a.Count).Select(t => t?.DeepClone())]);
                if (stored is not JsonArray sa || sa.Count != a.Count)
                {
                    problems.Add($"{kind} {path}: stored {stored?.ToJsonString() ?? "nothing"} for {a.ToJsonString()}");
                    return;
                }
                for (var i = 0; i < a.Count; i++) Compare(a[i], sa[i], kind, $"{path}[{i}]", problems);
                return;
            default:
                if (sent is null) return; // null means "unset"
                if (SameQuantity(sent, stored)) return;
                if (!JsonNode.DeepEquals(sent, stored)) problems.Add($"{kind} {path}: sent {sent.ToJsonString()}, stored {stored?.ToJsonString() ?? "nothing"}");
                return;
        }
    }
}
