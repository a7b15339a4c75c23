using Cluster.Kubelet.Images.Registry;

namespace Cluster.Kubelet.Tests.Images;

public sealed class RegistriesConfigTests
{
    private const string Yaml = """
        mirrors:
          docker.io:
            endpoint:
              - "http://127.0.0.1:5000"
              - "mirror.example.com"
          "*":
            endpoint: ["https://catch-all.example/v2"]
        configs:
          "mirror.example.com":
            auth:
              username: alice
              password: pw
            tls:
              insecure_skip_verify: true
          "https://private.example:8443":
            auth:
              auth: Ym9iOnNlY3JldA==
        """;

    [Fact]
    public void MirrorsComeFirstInOrderThenTheRegistryItself()
    {
        var config = RegistriesConfig.Parse(Yaml);

        var endpoints = config.EndpointsFor("docker.io");

        Assert.Equal(["http://127.0.0.1:5000/", "https://mirror.example.com/", "https://registry-1.docker.io/"], endpoints.Select(e => e.Uri.ToString()));
        Assert.Null(endpoints[0].Credential);
        Assert.Equal(new RegistryCredential("alice", "pw"), endpoints[1].Credential);
        Assert.True(endpoints[1].InsecureSkipVerify);
        Assert.False(endpoints[2].InsecureSkipVerify);
    }

    [Fact]
    public void WildcardMirrorAppliesToRegistriesWithoutTheirOwnAndConfigsKeyByHost()
    {
        var config = RegistriesConfig.Parse(Yaml);

        var endpoints = config.EndpointsFor("private.example:8443");

        Assert.Equal(["https://catch-all.example/v2", "https://private.example:8443/"], endpoints.Select(e => e.Uri.ToString()));
        Assert.Equal(new RegistryCredential("bob", "secret"), endpoints[1].Credential);
    }

    [Theory]
    [InlineData("quay.io", "https://quay.io/")]
    [InlineData("localhost:5000", "http://localhost:5000/")]
    [InlineData("127.0.0.1:5000", "http://127.0.0.1:5000/")]
    [InlineData("[::1]:5000", "http://[::1]:5000/")]
    [InlineData("localhost.example.com", "https://localhost.example.com/")]
    public void RegistryItselfIsHttpsExceptOnLoopback(string registry, string expected) =>
        Assert.Equal(expected, Assert.Single(RegistriesConfig.Empty.EndpointsFor(registry)).Uri.ToString());

    [Fact]
    public void EmptyOrMissingConfigurationHasNoMirrors()
    {
        Assert.Empty(RegistriesConfig.Parse("").Mirrors);
        Assert.Empty(RegistriesConfig.Parse("mirrors: {}\n").Mirrors);
    }

    [Theory]
    [InlineData("mirrors:\n  docker.io:\n    endpoint: [\"http://m\"]\n    rewrite:\n      \"^(.*)\": \"x/$1\"\n", "mirrors.docker.io.rewrite")]
    [InlineData("configs:\n  r.example:\n    tls:\n      ca_file: /ca.pem\n", "configs.r.example.tls.ca_file")]
    [InlineData("configs:\n  r.example:\n    auth:\n      identitytoken: t\n", "configs.r.example.auth.identitytoken")]
    [InlineData("mirror:\n  docker.io: {}\n", "mirror")]
    public void KeysWeDoNotImplementAreRefusedByName(string yaml, string key)
    {
        var error = Assert.Throws<FormatException>(() => RegistriesConfig.Parse(yaml));
        Assert.Contains(key + " is not supported", error.Message);
    }

    [Fact]
    public void NonHttpMirrorEndpointIsRejected() =>
        Assert.Throws<FormatException>(() => RegistriesConfig.Parse("mirrors:\n  docker.io:\n    endpoint: [\"ftp://x\"]\n"));
}
