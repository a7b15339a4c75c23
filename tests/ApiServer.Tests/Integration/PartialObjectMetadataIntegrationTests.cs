using System.Net;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Tests.Integration;

/// <summary>Gets, lists, watches and write responses as PartialObjectMetadata, as client-go's metadata client asks for them.</summary>
[Trait("tier", "integration")]
public sealed class PartialObjectMetadataIntegrationTests(InProcessServer server) : IClassFixture<InProcessServer>
{
    private const string AsMetadata = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json";
    private const string AsMetadataList = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json";

    private async Task<string> MapAsync(string name)
    {
        var ns = await server.NamespaceAsync();
        var (code, _, _) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps",
            $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}","labels":{"app":"x"}},"data":{"big":"payload"}}""");
        Assert.Equal(HttpStatusCode.Created, code);
        return ns;
    }

    private static void AssertMetadataOnly(JsonNode? obj, string name)
    {
        Assert.Equal("PartialObjectMetadata", (string?)obj!["kind"]);
        Assert.Equal("meta.k8s.io/v1", (string?)obj["apiVersion"]);
        Assert.Equal(["apiVersion", "kind", "metadata"], obj.AsObject().Select(p => p.Key).Order());
        Assert.Equal(name, (string?)obj["metadata"]!["name"]);
        Assert.Equal("x", (string?)obj["metadata"]!["labels"]!["app"]);
        Assert.False(string.IsNullOrEmpty((string?)obj["metadata"]!["resourceVersion"]));
        Assert.NotNull(obj["metadata"]!["managedFields"]); // upstream keeps the whole metadata
    }

    [Fact]
    public async Task A_get_asking_for_PartialObjectMetadata_gets_the_metadata_alone()
    {
        var ns = await MapAsync("g");
        var (code, body, _) = await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/g", accept: AsMetadata);
        Assert.Equal(HttpStatusCode.OK, code);
        AssertMetadataOnly(body, "g");
    }

    [Fact]
    public async Task A_cluster_scoped_object_and_a_write_response_come_as_PartialObjectMetadata_too()
    {
        var ns = await server.NamespaceAsync();
        var (_, nsBody, _) = await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}", accept: AsMetadata);
        Assert.Equal("PartialObjectMetadata", (string?)nsBody!["kind"]);
        Assert.Equal(ns, (string?)nsBody["metadata"]!["name"]);
        Assert.Null(nsBody["spec"]);

        var (code, patched, _) = await server.SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}",
            """{"metadata":{"labels":{"app":"x"}}}""", "application/merge-patch+json", AsMetadata);
        Assert.Equal(HttpStatusCode.OK, code);
        AssertMetadataOnly(patched, ns);
    }

    [Fact]
    public async Task A_list_asking_for_PartialObjectMetadataList_gets_each_items_metadata()
    {
        var ns = await MapAsync("l");
        var (code, list, _) = await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps", accept: AsMetadataList);
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("PartialObjectMetadataList", (string?)list!["kind"]);
        Assert.Equal("meta.k8s.io/v1", (string?)list["apiVersion"]);
        Assert.False(string.IsNullOrEmpty((string?)list["metadata"]!["resourceVersion"]));
        AssertMetadataOnly(Assert.Single(list["items"]!.AsArray()), "l");
    }

    [Fact]
    public async Task The_single_and_list_forms_are_not_acceptable_in_each_others_place()
    {
        var ns = await MapAsync("n");
        var (listCode, listStatus, _) = await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps",
            accept: "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1");
        Assert.Equal(HttpStatusCode.NotAcceptable, listCode);
        Assert.Equal("NotAcceptable", (string?)listStatus!["reason"]);
        var (getCode, _, _) = await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/n",
            accept: "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1");
        Assert.Equal(HttpStatusCode.NotAcceptable, getCode);
    }

    [Fact]
    public async Task An_unknown_target_falls_through_to_the_next_clause()
    {
        var ns = await MapAsync("u");
        var (code, body, _) = await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/u",
            accept: "application/vnd.kubernetes.protobuf;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json;as=Gadget;g=meta.k8s.io;v=v1,application/json");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("ConfigMap", (string?)body!["kind"]);
        Assert.Equal("payload", (string?)body["data"]!["big"]);
    }

    [Fact]
    public async Task Watch_events_and_bookmarks_carry_PartialObjectMetadata()
    {
        var ns = await MapAsync("w");
        using var request = new HttpRequestMessage(HttpMethod.Get,
            new Uri($"/api/v1/namespaces/{ns}/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=5", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Accept", AsMetadata);
        using var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var added = JsonNode.Parse((await reader.ReadLineAsync())!)!;
        Assert.Equal("ADDED", (string?)added["type"]);
        AssertMetadataOnly(added["object"], "w");
        var bookmark = JsonNode.Parse((await reader.ReadLineAsync())!)!;
        Assert.Equal("BOOKMARK", (string?)bookmark["type"]);
        Assert.Equal("PartialObjectMetadata", (string?)bookmark["object"]!["kind"]);
        await server.SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/w", """{"data":{"big":"changed"}}""", "application/merge-patch+json");
        var modified = JsonNode.Parse((await reader.ReadLineAsync())!)!;
        Assert.Equal("MODIFIED", (string?)modified["type"]);
        AssertMetadataOnly(modified["object"], "w");
    }
}
