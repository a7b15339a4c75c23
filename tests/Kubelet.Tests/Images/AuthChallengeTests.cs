using Cluster.Kubelet.Images.Registry;

namespace Cluster.Kubelet.Tests.Images;

public sealed class AuthChallengeTests
{
    [Fact]
    public void ParsesABearerChallengeWithACommaInsideTheQuotedScope()
    {
        var challenge = Assert.Single(AuthChallenge.Parse(
            "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/busybox:pull,push\""));

        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Equal("https://auth.docker.io/token", challenge["realm"]);
        Assert.Equal("registry.docker.io", challenge["service"]);
        Assert.Equal("repository:library/busybox:pull,push", challenge["scope"]);
        Assert.Null(challenge["error"]);
    }

    [Fact]
    public void ParsesSeveralChallengesUnquotedValuesEscapesAndSpaces()
    {
        var challenges = AuthChallenge.Parse("Basic realm=\"Registry \\\"Realm\\\"\" , Bearer  realm = https://t/token, error=insufficient_scope");

        Assert.Equal(["Basic", "Bearer"], challenges.Select(c => c.Scheme));
        Assert.Equal("Registry \"Realm\"", challenges[0]["realm"]);
        Assert.Equal("https://t/token", challenges[1]["REALM"]);
        Assert.Equal("insufficient_scope", challenges[1]["error"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void EmptyHeaderHasNoChallenges(string header) => Assert.Empty(AuthChallenge.Parse(header));

    [Fact]
    public void SchemeWithoutParametersIsAChallenge() => Assert.Empty(Assert.Single(AuthChallenge.Parse("Negotiate")).Parameters);
}
