using System.Net;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Tests.Integration;

[Trait("tier", "integration")]
public sealed class CrudIntegrationTests(InProcessServer server) : IClassFixture<InProcessServer>
{
    private static string ConfigMap(string name, string data = "v") =>
        $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}","labels":{"app":"web"}},"data":{"k":"{{{data}}}"}}""";

    [Fact]
    public async Task Create_sets_server_metadata_and_get_returns_the_stored_object()
    {
        var ns = await server.NamespaceAsync();
        var (code, created, _) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConfigMap("a"));
        Assert.Equal(HttpStatusCode.Created, code);
        var meta = created!["metadata"]!;
        Assert.True(Guid.TryParse((string?)meta["uid"], out _));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", (string?)meta["creationTimestamp"]);
        Assert.Matches(@"^\d+$", (string?)meta["resourceVersion"]);
        Assert.Equal(ns, (string?)meta["namespace"]);
        Assert.Null(meta["generation"]);

        var (getCode, got, _) = await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/a");
        Assert.Equal(HttpStatusCode.OK, getCode);
        Assert.True(JsonNode.DeepEquals(created, got));
    }

    [Fact]
    public async Task Objects_and_errors_are_sent_with_their_length_not_chunked()
    {
        var ns = await server.NamespaceAsync();
        foreach (var (method, path, body) in new (HttpMethod, string, string?)[]
        {
            (HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConfigMap("framed")),
            (HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/framed", null),
            (HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/missing", null),
        })
        {
            using var request = new HttpRequestMessage(method, path);
            if (body is not null) request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            using var response = await server.Client.SendAsync(request);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(bytes.Length, response.Content.Headers.ContentLength);
            Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
            Assert.NotNull(JsonNode.Parse(bytes));
        }
    }

    [Fact]
    public async Task A_created_object_reads_back_byte_for_byte_as_created_and_as_listed()
    {
        var ns = await server.NamespaceAsync();
        var created = await RawAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConfigMap("bytes"));
        var got = await RawAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/bytes", null);
        var listed = JsonNode.Parse(await RawAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps", null))!["items"]![0]!;

        Assert.Equal(created, got);
        Assert.Equal(created, listed.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        var metadata = JsonNode.Parse(created)!["metadata"]!.AsObject();
        Assert.Single(metadata, field => field.Key == "resourceVersion");
        Assert.False(string.IsNullOrEmpty((string?)metadata["resourceVersion"]));
        Assert.Single(metadata["managedFields"]!.AsArray());
    }

    private async Task<string> RawAsync(HttpMethod method, string path, string? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await server.Client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Creating_an_existing_name_is_409_AlreadyExists()
    {
        var ns = await server.NamespaceAsync();
        await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConfigMap("dup"));
        var (code, status, _) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConfigMap("dup"));
        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Equal("AlreadyExists", (string?)status!["reason"]);
        Assert.Equal("configmaps \"dup\" already exists", (string?)status["message"]);
    }

    [Fact]
    public async Task Creating_in_a_missing_namespace_is_404_for_the_namespace()
    {
        var (code, status, _) = await server.SendAsync(HttpMethod.Post, "/api/v1/namespaces/nowhere/configmaps", ConfigMap("x"));
        Assert.Equal(HttpStatusCode.NotFound, code);
        Assert.Equal("namespaces \"nowhere\" not found", (string?)status!["message"]);
    }

    [Fact]
    public async Task GenerateName_gets_a_random_suffix()
    {
        var ns = await server.NamespaceAsync();
        var (code, created, _) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"generateName":"gen-"}}""");
        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Matches("^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$", (string?)created!["metadata"]!["name"]);
    }

    [Fact]
    public async Task Update_with_a_stale_resourceVersion_is_409_Conflict()
    {
        var ns = await server.NamespaceAsync();
        var (_, created, _) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConfigMap("c"));
        var stale = (string)created!["metadata"]!["resourceVersion"]!;
        var first = created.DeepClone();
        first["data"]!["k"] = "two";
        var (ok, updated, _) = await server.SendAsync(HttpMethod.Put, $"/api/v1/namespaces/{ns}/configmaps/c", first.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.NotEqual(stale, (string?)updated!["metadata"]!["resourceVersion"]);

        var second = created.DeepClone();
        second["data"]!["k"] = "three";
        var (code, status, _) = await server.SendAsync(HttpMethod.Put, $"/api/v1/namespaces/{ns}/configmaps/c", second.ToJsonString());
        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Equal("Conflict", (string?)status!["reason"]);
        Assert.Contains("the object has been modified", (string?)status["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_update_that_changes_nothing_keeps_the_resourceVersion()
    {
        var ns = await server.NamespaceAsync();
        var (_, created, _) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConfigMap("same"));
        var (_, updated, _) = await server.SendAsync(HttpMethod.Put, $"/api/v1/namespaces/{ns}/configmaps/same", created!.ToJsonString());
        Assert.Equal((string?)created["metadata"]!["resourceVersion"], (string?)updated!["metadata"]!["resourceVersion"]);
    }

    [Fact]
    public async Task An_update_that_only_reorders_members_keeps_the_resourceVersion_and_one_that_changes_a_value_does_not()
    {
        var ns = await server.NamespaceAsync();
        var (_, created, _) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"order","labels":{"a":"1","b":"2"}},"data":{"x":"1","y":"2"}}""");
        var rv = (string?)created!["metadata"]!["resourceVersion"];
        var reordered = $$"""{"data":{"y":"2","x":"1"},"kind":"ConfigMap","metadata":{"labels":{"b":"2","a":"1"},"resourceVersion":"{{rv}}","name":"order"},"apiVersion":"v1"}""";
        var (_, same, _) = await server.SendAsync(HttpMethod.Put, $"/api/v1/namespaces/{ns}/configmaps/order", reordered);
        Assert.Equal(rv, (string?)same!["metadata"]!["resourceVersion"]);

        var (_, changed, _) = await server.SendAsync(HttpMethod.Put, $"/api/v1/namespaces/{ns}/configmaps/order", reordered.Replace("\"y\":\"2\"", "\"y\":\"3\"", StringComparison.Ordinal));
        Assert.NotEqual(rv, (string?)changed!["metadata"]!["resourceVersion"]);
        Assert.Equal("3", (string?)changed["data"]!["y"]);
    }

    [Fact]
    public async Task Update_and_patch_responses_are_the_object_as_a_later_get_reads_it()
    {
        var ns = await server.NamespaceAsync();
        var (_, created, _) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"resp"},"data":{"x":"1"}}""");
        created!["data"]!["x"] = "2";
        var (_, put, _) = await server.SendAsync(HttpMethod.Put, $"/api/v1/namespaces/{ns}/configmaps/resp", created.ToJsonString());
        var (_, afterPut, _) = await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/resp");
        Assert.True(JsonNode.DeepEquals(put, afterPut), $"{put}\n{afterPut}");
        Assert.NotEqual((string?)created["metadata"]!["resourceVersion"], (string?)put!["metadata"]!["resourceVersion"]);

        var (_, patched, _) = await server.SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/resp", """{"data":{"y":"3"}}""", "application/merge-patch+json");
        var (_, afterPatch, _) = await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/resp");
        Assert.True(JsonNode.DeepEquals(patched, afterPatch), $"{patched}\n{afterPatch}");
        Assert.Equal("3", (string?)patched!["data"]!["y"]);
    }

    [Fact]
    public async Task Delete_removes_the_object_and_a_second_delete_is_404()
    {
        var ns = await server.NamespaceAsync();
        await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConfigMap("gone"));
        var (code, status, _) = await server.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/configmaps/gone");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("Success", (string?)status!["status"]);
        Assert.Equal(HttpStatusCode.NotFound, (await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/gone")).Code);
        Assert.Equal(HttpStatusCode.NotFound, (await server.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/configmaps/gone")).Code);
    }

    [Fact]
    public async Task Finalizers_hold_a_deleted_object_until_they_are_removed()
    {
        var ns = await server.NamespaceAsync();
        await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"held","finalizers":["example.com/hold"]}}""");
        var (code, marked, _) = await server.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/configmaps/held");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.NotNull(marked!["metadata"]!["deletionTimestamp"]);
        var (_, still, _) = await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/held");
        Assert.NotNull(still!["metadata"]!["deletionTimestamp"]);

        var (patchCode, _, _) = await server.SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/held",
            """{"metadata":{"finalizers":null}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, patchCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/held")).Code);
    }

    [Fact]
    public async Task Dry_run_create_answers_like_a_create_but_stores_nothing()
    {
        var ns = await server.NamespaceAsync();
        var (code, body, _) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps?dryRun=All", ConfigMap("dry"));
        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Equal("dry", (string?)body!["metadata"]!["name"]);
        Assert.Equal(HttpStatusCode.NotFound, (await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/dry")).Code);
    }

    [Fact]
    public async Task A_pod_on_no_node_is_deleted_at_once_and_one_on_a_node_gets_a_grace_period()
    {
        var ns = await server.NamespaceAsync();
        const string pod = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"NAME"},"spec":{NODE"containers":[{"name":"c","image":"busybox"}]}}""";
        await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", pod.Replace("NAME", "free", StringComparison.Ordinal).Replace("NODE", "", StringComparison.Ordinal));
        await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", pod.Replace("NAME", "bound", StringComparison.Ordinal).Replace("NODE", "\"nodeName\":\"n1\",", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, (await server.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/pods/free")).Code);
        Assert.Equal(HttpStatusCode.NotFound, (await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/pods/free")).Code);

        var (_, marked, _) = await server.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/pods/bound");
        Assert.Equal(30, (int?)marked!["metadata"]!["deletionGracePeriodSeconds"]);
        Assert.Equal(HttpStatusCode.OK, (await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/pods/bound")).Code);
        Assert.Equal(HttpStatusCode.OK, (await server.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/pods/bound", """{"gracePeriodSeconds":0}""")).Code);
        Assert.Equal(HttpStatusCode.NotFound, (await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/pods/bound")).Code);
    }
}
