namespace Cluster.E2E;

/// <summary>Service-account tokens as kubectl users and in-cluster clients meet them.</summary>
public sealed class ServiceAccountTokenTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Kubectl_create_token_gives_a_token_that_kubectl_can_use()
    {
        var k = fixture.Kubectl;
        var ns = $"sa-{Guid.NewGuid():N}"[..12];
        (await k.RunAsync("create", "namespace", ns)).Ok();
        (await k.RunAsync("create", "serviceaccount", "ci", "-n", ns)).Ok();
        var token = (await k.RunAsync("create", "token", "ci", "-n", ns, "--duration", "20m")).Ok().Stdout.Trim();
        Assert.Equal(3, token.Split('.').Length);

        (await k.RunAsync("--token", token, "get", "pods", "-n", ns)).Ok();
        Assert.NotEqual(0, (await k.RunAsync("--token", token + "x", "get", "pods", "-n", ns)).ExitCode);
        var refused = await k.RunAsync("create", "token", "ci", "-n", ns, "--duration", "1m");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("may not specify a duration less than 10 minutes", refused.Stderr, StringComparison.Ordinal);
    }
}
