using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Tests.Integration;

/// <summary>The TokenRequest API (serviceaccounts/token) and the tokens it issues authenticating requests.</summary>
[Trait("tier", "integration")]
public sealed class TokenRequestIntegrationTests(InProcessServer server) : IClassFixture<InProcessServer>
{
    private async Task<string> ServiceAccountAsync(string ns, string name)
    {
        var (code, _, _) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/serviceaccounts", $$$"""{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"{{{name}}}"}}""");
        Assert.Equal(HttpStatusCode.Created, code);
        return name;
    }

    private async Task<(HttpStatusCode Code, JsonNode? Body)> RequestTokenAsync(string ns, string name, string spec = "{}")
    {
        var (code, body, _) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/serviceaccounts/{name}/token",
            $$$"""{"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{{{spec}}}}""");
        return (code, body);
    }

    private async Task<HttpStatusCode> GetPodsWithAsync(string ns, string token)
    {
        using var client = server.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/namespaces/{ns}/pods");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task A_requested_token_authenticates_until_its_service_account_is_deleted()
    {
        var ns = await server.NamespaceAsync();
        var sa = await ServiceAccountAsync(ns, "builder");
        var (code, body) = await RequestTokenAsync(ns, sa);
        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Equal("TokenRequest", (string?)body!["kind"]);
        Assert.Equal(3600, (long)body["spec"]!["expirationSeconds"]!);
        Assert.Equal("https://kubernetes.default.svc.cluster.local", (string?)body["spec"]!["audiences"]![0]);
        var token = (string)body["status"]!["token"]!;
        Assert.True(DateTimeOffset.Parse((string)body["status"]!["expirationTimestamp"]!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddMinutes(59));

        Assert.Equal(HttpStatusCode.OK, await GetPodsWithAsync(ns, token));
        var at = token.Length - 10; // inside the signature, away from the last character's unused bits
        var tampered = token[..at] + (token[at] == 'A' ? 'B' : 'A') + token[(at + 1)..];
        Assert.Equal(HttpStatusCode.Unauthorized, await GetPodsWithAsync(ns, tampered));

        Assert.Equal(HttpStatusCode.OK, (await server.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/serviceaccounts/{sa}")).Code);
        Assert.Equal(HttpStatusCode.Unauthorized, await GetPodsWithAsync(ns, token));
        // A new account of the same name is another account: the old token stays dead.
        await ServiceAccountAsync(ns, sa);
        Assert.Equal(HttpStatusCode.Unauthorized, await GetPodsWithAsync(ns, token));
    }

    [Fact]
    public async Task A_token_bound_to_a_pod_dies_with_the_pod()
    {
        var ns = await server.NamespaceAsync();
        var sa = await ServiceAccountAsync(ns, "runner");
        var (created, pod, _) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods",
            """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i"}]}}""");
        Assert.Equal(HttpStatusCode.Created, created);
        var (code, body) = await RequestTokenAsync(ns, sa, """{"boundObjectRef":{"kind":"Pod","apiVersion":"v1","name":"p"}}""");
        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Equal((string?)pod!["metadata"]!["uid"], (string?)body!["spec"]!["boundObjectRef"]!["uid"]);
        var token = (string)body["status"]!["token"]!;
        Assert.Equal(HttpStatusCode.OK, await GetPodsWithAsync(ns, token));

        Assert.Equal(HttpStatusCode.OK, (await server.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/pods/p?gracePeriodSeconds=0")).Code);
        Assert.Equal(HttpStatusCode.Unauthorized, await GetPodsWithAsync(ns, token));
    }

    [Theory]
    [InlineData("""{"expirationSeconds":10}""", "spec.expirationSeconds")]
    [InlineData("""{"expirationSeconds":8589934592}""", "spec.expirationSeconds")]
    [InlineData("""{"audiences":[""]}""", "spec.audiences")]
    [InlineData("""{"boundObjectRef":{"kind":"ConfigMap","name":"x"}}""", "spec.boundObjectRef.kind")]
    [InlineData("""{"boundObjectRef":{"kind":"Pod"}}""", "spec.boundObjectRef.name")]
    public async Task Invalid_requests_are_422_with_the_field(string spec, string field)
    {
        var ns = await server.NamespaceAsync();
        var sa = await ServiceAccountAsync(ns, "v");
        var (code, body) = await RequestTokenAsync(ns, sa, spec);
        Assert.Equal((HttpStatusCode)422, code);
        Assert.Contains(body!["details"]!["causes"]!.AsArray(), c => (string?)c!["field"] == field);
    }

    [Fact]
    public async Task Missing_accounts_and_pods_are_404_and_a_stale_pod_uid_is_409()
    {
        var ns = await server.NamespaceAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await RequestTokenAsync(ns, "nobody")).Code);
        var sa = await ServiceAccountAsync(ns, "w");
        Assert.Equal(HttpStatusCode.NotFound, (await RequestTokenAsync(ns, sa, """{"boundObjectRef":{"kind":"Pod","name":"none"}}""")).Code);
        await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"q"},"spec":{"containers":[{"name":"c","image":"i"}]}}""");
        Assert.Equal(HttpStatusCode.Conflict, (await RequestTokenAsync(ns, sa, """{"boundObjectRef":{"kind":"Pod","name":"q","uid":"stale"}}""")).Code);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/serviceaccounts/{sa}/token", """{"kind":"Pod"}""")).Code);
    }
}
