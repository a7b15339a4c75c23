using System.Security.Cryptography;
using Cluster.ApiServer.Auth;

namespace Cluster.ApiServer.Tests.Auth;

public sealed class ServiceAccountTokensTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);
    private static readonly string[] ApiAudience = [ServiceAccountTokens.Issuer];
    private readonly RSA _key = RSA.Create(2048);
    private readonly RSA _otherKey = RSA.Create(2048);

    public void Dispose()
    {
        _key.Dispose();
        _otherKey.Dispose();
    }

    private static ServiceAccountClaims Claims(DateTimeOffset expires, string[]? audiences = null, string? pod = null) =>
        new("ns1", "builder", "uid-1", audiences ?? ApiAudience, expires, pod, pod is null ? null : "pod-uid");

    [Fact]
    public void An_issued_token_verifies_with_its_claims()
    {
        var tokens = new ServiceAccountTokens(_key);
        var token = tokens.Issue(Claims(Now.AddHours(1), pod: "web-1"), Now);
        var claims = tokens.Verify(token, ApiAudience, Now.AddMinutes(30));
        Assert.NotNull(claims);
        Assert.Equal(("ns1", "builder", "uid-1", "web-1", "pod-uid"), (claims.Namespace, claims.Name, claims.Uid, claims.PodName, claims.PodUid));
        Assert.Equal(Now.AddHours(1), claims.Expires);
    }

    [Fact]
    public void Tokens_signed_by_another_key_or_altered_do_not_verify()
    {
        var token = new ServiceAccountTokens(_key).Issue(Claims(Now.AddHours(1)), Now);
        Assert.Null(new ServiceAccountTokens(_otherKey).Verify(token, ApiAudience, Now));
        var parts = token.Split('.');
        var forged = new ServiceAccountTokens(_otherKey).Issue(Claims(Now.AddHours(1)) with { Name = "admin" }, Now).Split('.');
        Assert.Null(new ServiceAccountTokens(_key).Verify($"{parts[0]}.{forged[1]}.{parts[2]}", ApiAudience, Now));
    }

    [Theory]
    [InlineData(-30, false)] // issued in the future beyond the leeway
    [InlineData(59, true)]
    [InlineData(61, true)]   // a minute of leeway past expiry
    [InlineData(62, false)]
    public void Tokens_are_valid_from_issue_to_expiry_with_a_minute_of_leeway(int minutesLater, bool valid)
    {
        var tokens = new ServiceAccountTokens(_key);
        var token = tokens.Issue(Claims(Now.AddHours(1)), Now);
        Assert.Equal(valid, tokens.Verify(token, ApiAudience, Now.AddMinutes(minutesLater)) is not null);
    }

    [Fact]
    public void A_token_for_another_audience_is_not_accepted_by_the_api()
    {
        var tokens = new ServiceAccountTokens(_key);
        var token = tokens.Issue(Claims(Now.AddHours(1), ["vault"]), Now);
        Assert.Null(tokens.Verify(token, ApiAudience, Now));
        Assert.NotNull(tokens.Verify(token, ["vault"], Now));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a.b")]
    [InlineData("a.b.c")]
    [InlineData("!!!.###.$$$")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")]
    public void Garbage_is_not_a_token(string token) => Assert.Null(new ServiceAccountTokens(_key).Verify(token, ApiAudience, Now));
}
