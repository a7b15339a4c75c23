using System.Net;
using Cluster.ApiServer.Http;

namespace Cluster.ApiServer.Tests.Integration;

public sealed class InflightLimiterTests
{
    [Fact]
    public void Requests_beyond_the_bound_are_refused_until_one_finishes()
    {
        var limiter = new InflightLimiter(2);
        Assert.True(limiter.TryEnter());
        Assert.True(limiter.TryEnter());
        Assert.False(limiter.TryEnter());
        Assert.Equal(2, limiter.Current);
        limiter.Exit();
        Assert.True(limiter.TryEnter());
    }
}

[Trait("tier", "integration")]
public sealed class OverloadIntegrationTests(InProcessServer server) : IClassFixture<InProcessServer>
{
    [Fact]
    public async Task An_overloaded_server_answers_429_with_Retry_After()
    {
        var limiter = (InflightLimiter)server.Host.Services.GetService(typeof(InflightLimiter))!;
        // Occupy every slot, as that many slow requests would.
        var taken = 0;
        while (limiter.TryEnter()) taken++;
        try
        {
            var (code, status, response) = await server.SendAsync(HttpMethod.Get, "/api/v1/namespaces");
            Assert.Equal(HttpStatusCode.TooManyRequests, code);
            Assert.Equal("TooManyRequests", (string?)status!["reason"]);
            Assert.Equal("1", response.Headers.GetValues("Retry-After").Single());
        }
        finally
        {
            for (var i = 0; i < taken; i++) limiter.Exit();
        }
        Assert.Equal(HttpStatusCode.OK, (await server.SendAsync(HttpMethod.Get, "/api/v1/namespaces")).Code);
    }
}
