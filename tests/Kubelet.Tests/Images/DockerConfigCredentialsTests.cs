using System.Text;
using Cluster.Kubelet.Images;
using Cluster.Kubelet.Images.Registry;

namespace Cluster.Kubelet.Tests.Images;

public sealed class DockerConfigCredentialsTests
{
    private static PullSecret Json(string json) =>
        new(DockerConfigCredentials.DockerConfigJsonType, new Dictionary<string, byte[]> { [".dockerconfigjson"] = Encoding.UTF8.GetBytes(json) });

    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    [Theory]
    [InlineData("https://index.docker.io/v1/", "busybox", true)]
    [InlineData("docker.io", "library/busybox", true)]
    [InlineData("index.docker.io", "user/app", true)]
    [InlineData("registry.example.com", "registry.example.com/app", true)]
    [InlineData("registry.example.com", "registry.example.com:5000/app", false)]
    [InlineData("registry.example.com:5000", "registry.example.com:5000/app", true)]
    [InlineData("registry.example.com:5000", "registry.example.com/app", false)]
    [InlineData("*.example.com", "registry.example.com/app", true)]
    [InlineData("*.example.com", "example.com/app", false)]
    [InlineData("*.example.com", "a.b.example.com/app", false)]
    [InlineData("registry.example.com/team", "registry.example.com/team/app", true)]
    [InlineData("registry.example.com/team", "registry.example.com/teamx/app", false)]
    [InlineData("http://registry.example.com/v2/team", "registry.example.com/team/app", true)]
    [InlineData("quay.io", "busybox", false)]
    public void MatchesKeysAsTheKubeletKeyringDoes(string key, string image, bool matches)
    {
        var secret = Json("""{"auths":{"KEY":{"username":"u","password":"p"}}}""".Replace("KEY", key, StringComparison.Ordinal));
        var found = DockerConfigCredentials.For(ImageReference.Parse(image), [secret]);
        Assert.Equal(matches, found.Count == 1);
    }

    [Fact]
    public void ReadsAuthFieldsAndTheOldDockercfgFormatMostSpecificFirst()
    {
        var json = Json("""{"auths":{"registry.example.com":{"auth":"WIDE"},"registry.example.com/team":{"username":"narrow","password":"2"}}}""".Replace("WIDE", B64("wide:1"), StringComparison.Ordinal));
        var cfg = new PullSecret(DockerConfigCredentials.DockerCfgType,
            new Dictionary<string, byte[]> { [".dockercfg"] = Encoding.UTF8.GetBytes("""{"*.example.com":{"auth":"GLOB"}}""".Replace("GLOB", B64("glob:3"), StringComparison.Ordinal)) });

        var found = DockerConfigCredentials.For(ImageReference.Parse("registry.example.com/team/app"), [json, cfg]);

        Assert.Equal([new("narrow", "2"), new("wide", "1"), new RegistryCredential("glob", "3")], found);
    }

    [Fact]
    public void MalformedSecretsAreSkipped()
    {
        var broken = Json("{not json");
        var wrongType = new PullSecret("Opaque", new Dictionary<string, byte[]> { [".dockerconfigjson"] = Encoding.UTF8.GetBytes("""{"auths":{"quay.io":{"username":"u"}}}""") });
        var badAuth = Json("""{"auths":{"quay.io":{"auth":"!!!"}}}""");

        Assert.Empty(DockerConfigCredentials.For(ImageReference.Parse("quay.io/app"), [broken, wrongType, badAuth]));
    }
}
