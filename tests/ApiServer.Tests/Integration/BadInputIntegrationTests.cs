using System.Net;

namespace Cluster.ApiServer.Tests.Integration;

[Trait("tier", "integration")]
public sealed class BadInputIntegrationTests(InProcessServer server) : IClassFixture<InProcessServer>
{
    [Theory]
    [InlineData("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"", "json parse error")]
    [InlineData("[1,2]", "must be a JSON object")]
    [InlineData("{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"x\"}}", "does not match the expected kind")]
    [InlineData("{\"apiVersion\":\"apps/v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"}}", "does not match the expected API version")]
    [InlineData("{\"metadata\":{\"name\":\"x\"}}", "Kind' is missing")]
    public async Task Malformed_or_mismatched_bodies_are_400_BadRequest(string body, string expected)
    {
        var (code, status, _) = await server.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", body);
        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Equal("Status", (string?)status!["kind"]);
        Assert.Contains(expected, (string?)status["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_3_MiB_is_413()
    {
        var big = new string('x', 3 * 1024 * 1024 + 10);
        var (code, status, _) = await server.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps",
            $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"big"},"data":{"k":"{{{big}}}"}}""");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, code);
        Assert.Equal(413, (int?)status!["code"]);
    }

    [Fact]
    public async Task A_chunked_body_without_a_length_is_read_whole_and_over_3_MiB_is_413()
    {
        var ns = await server.NamespaceAsync();
        var value = new string('y', 200 * 1024); // many times the first read buffer
        var (code, created) = await PostChunkedAsync($"/api/v1/namespaces/{ns}/configmaps",
            $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"chunked"},"data":{"k":"{{{value}}}"}}""");
        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Equal(value, (string?)created!["data"]!["k"]);

        var big = new string('x', 3 * 1024 * 1024 + 10);
        var (tooLarge, status) = await PostChunkedAsync($"/api/v1/namespaces/{ns}/configmaps",
            $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"big"},"data":{"k":"{{{big}}}"}}""");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge);
        Assert.Equal(413, (int?)status!["code"]);

        var (after, _, _) = await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/chunked");
        Assert.Equal(HttpStatusCode.OK, after);
        var (missing, _, _) = await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/big");
        Assert.Equal(HttpStatusCode.NotFound, missing);
    }

    private async Task<(HttpStatusCode Code, System.Text.Json.Nodes.JsonNode? Body)> PostChunkedAsync(string path, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;
        using var response = await server.Client.SendAsync(request);
        Assert.Null(request.Content.Headers.ContentLength);
        return (response.StatusCode, System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task An_unknown_content_type_is_415()
    {
        var (code, status, _) = await server.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", "x", "text/csv");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, code);
        Assert.Equal("UnsupportedMediaType", (string?)status!["reason"]);
    }

    [Fact]
    public async Task A_patch_with_an_unknown_patch_type_is_415()
    {
        var (code, _, _) = await server.SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default", "{}", "application/json");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, code);
    }

    [Fact]
    public async Task Unknown_paths_and_resources_are_404_Status()
    {
        foreach (var path in (string[])["/api/v1/widgets", "/apis/nope/v1/things", "/api/v1/namespaces/default/pods/a/b/c/d"])
        {
            var (code, status, _) = await server.SendAsync(HttpMethod.Get, path);
            Assert.Equal(HttpStatusCode.NotFound, code);
            Assert.Equal("NotFound", (string?)status!["reason"]);
        }
    }

    [Fact]
    public async Task An_unsupported_field_selector_is_400()
    {
        var (code, status, _) = await server.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps?fieldSelector=spec.nope%3Dx");
        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Equal("field label not supported: spec.nope", (string?)status!["message"]);
    }

    [Fact]
    public async Task A_malformed_label_selector_is_400()
    {
        var (code, _, _) = await server.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps?labelSelector=a%20in%20(");
        Assert.Equal(HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task ResourceVersionMatch_without_a_resourceVersion_is_422_ListOptions()
    {
        var (code, status, _) = await server.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps?resourceVersionMatch=Exact");
        Assert.Equal((HttpStatusCode)422, code);
        Assert.Equal("Invalid", (string?)status!["reason"]);
        Assert.Equal("resourceVersionMatch", (string?)status["details"]!["causes"]![0]!["field"]);
    }

    [Fact]
    public async Task Force_on_a_non_apply_patch_is_422()
    {
        var (code, _, _) = await server.SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default?force=true", "{}", "application/merge-patch+json");
        Assert.Equal((HttpStatusCode)422, code);
    }

    [Fact]
    public async Task A_wrong_method_on_a_subresource_is_405()
    {
        var (code, _, _) = await server.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/status");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, code);
    }
}

[Trait("tier", "integration")]
public sealed class OpenApiIntegrationTests(InProcessServer server) : IClassFixture<InProcessServer>
{
    [Fact]
    public async Task OpenApi_v2_and_the_v3_index_and_documents_are_served()
    {
        var (v2Code, v2, _) = await server.SendAsync(HttpMethod.Get, "/openapi/v2", accept: "application/json");
        Assert.Equal(HttpStatusCode.OK, v2Code);
        Assert.Equal("2.0", (string?)v2!["swagger"]);
        var (_, index, _) = await server.SendAsync(HttpMethod.Get, "/openapi/v3");
        var url = (string)index!["paths"]!["apis/apps/v1"]!["serverRelativeURL"]!;
        var (docCode, doc, response) = await server.SendAsync(HttpMethod.Get, url);
        Assert.Equal(HttpStatusCode.OK, docCode);
        Assert.Equal("3.0.0", (string?)doc!["openapi"]);
        Assert.Contains("immutable", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        using var noRedirects = Cluster.TestKit.TrustingHttpClient.Create(server.Host.Url, server.Host.Credentials.CaPath,
            server.Host.Credentials.AdminToken, h => h.AllowAutoRedirect = false);
        using var stale = await noRedirects.GetAsync(new Uri("/openapi/v3/apis/apps/v1?hash=0000", UriKind.Relative));
        Assert.Equal(HttpStatusCode.MovedPermanently, stale.StatusCode);
        Assert.Equal(url, stale.Headers.Location!.ToString());
    }
}
