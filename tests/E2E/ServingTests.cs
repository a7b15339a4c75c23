using System.Net;
using System.Text.Json.Nodes;

namespace Cluster.E2E;

/// <summary>The server as a user first meets it: kubeconfig, auth, health and version, with the real kubectl.</summary>
public sealed class ServingTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Kubectl_get_namespaces_lists_the_four_built_in_namespaces()
    {
        var result = (await fixture.Kubectl.RunAsync("get", "namespaces")).Ok();
        foreach (var ns in (string[])["default", "kube-system", "kube-public", "kube-node-lease"])
            Assert.Matches($"(?m)^{ns}\\s+Active\\s+", result.Stdout);
        Assert.StartsWith("NAME", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubectl_version_reports_server_1_32()
    {
        var result = (await fixture.Kubectl.RunAsync("version", "-o", "json")).Ok();
        var server = JsonNode.Parse(result.Stdout)!["serverVersion"]!;
        Assert.Equal("1", (string?)server["major"]);
        Assert.Equal("32", (string?)server["minor"]);
    }

    [Fact]
    public async Task Request_without_a_token_gets_401_Status()
    {
        using var client = fixture.Server.CreateClient(authenticated: false);
        using var response = await client.GetAsync(new Uri("/api/v1/namespaces", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Status", (string?)status["kind"]);
        Assert.Equal("Unauthorized", (string?)status["reason"]);
        Assert.Equal(401, (int?)status["code"]);
    }

    [Fact]
    public async Task Kubectl_with_a_wrong_token_is_told_it_is_unauthorized()
    {
        var result = await fixture.Kubectl.RunAsync("get", "pods", "--token", "not-the-token");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Unauthorized", result.Stderr + result.Stdout, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Health_endpoints_answer_ok_without_credentials()
    {
        using var client = fixture.Server.CreateClient(authenticated: false);
        foreach (var path in (string[])["/healthz", "/livez", "/readyz"])
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Api_resources_lists_the_served_kinds_with_short_names()
    {
        var result = (await fixture.Kubectl.RunAsync("api-resources")).Ok();
        Assert.Matches(@"(?m)^pods\s+po\s+v1\s+true\s+Pod$", result.Stdout);
        Assert.Matches(@"(?m)^deployments\s+deploy\s+apps/v1\s+true\s+Deployment$", result.Stdout);
        Assert.Matches(@"(?m)^namespaces\s+ns\s+v1\s+false\s+Namespace$", result.Stdout);
        var versions = (await fixture.Kubectl.RunAsync("api-versions")).Ok();
        Assert.Contains("apps/v1", versions.Stdout, StringComparison.Ordinal);
        Assert.Contains("autoscaling/v2", versions.Stdout, StringComparison.Ordinal);
    }
}
