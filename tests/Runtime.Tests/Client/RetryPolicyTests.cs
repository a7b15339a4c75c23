using System.Net;
using Cluster.Runtime.Client;

namespace Cluster.Runtime.Tests.Client;

public sealed class RetryPolicyTests
{
    public static TheoryData<string, HttpStatusCode, double?, bool, bool> Responses => new()
    {
        { "429 on a write", HttpStatusCode.TooManyRequests, null, false, true },
        { "503 with Retry-After on a write", HttpStatusCode.ServiceUnavailable, 1, false, true },
        { "503 without Retry-After on a write", HttpStatusCode.ServiceUnavailable, null, false, false },
        { "503 without Retry-After on a read", HttpStatusCode.ServiceUnavailable, null, true, true },
        { "500 on a read", HttpStatusCode.InternalServerError, null, true, false },
        { "409 never", HttpStatusCode.Conflict, null, true, false },
        { "404 never", HttpStatusCode.NotFound, null, true, false },
    };

    [Theory]
    [MemberData(nameof(Responses))]
    public void Responses_are_retried_only_when_the_server_did_nothing_or_the_call_is_a_read(string _, HttpStatusCode code, double? retryAfter, bool isRead, bool retried) =>
        Assert.Equal(retried, RetryPolicy.AfterResponse(0, 5, code, retryAfter is { } s ? TimeSpan.FromSeconds(s) : null, isRead) is not null);

    [Fact]
    public void Retry_after_is_honoured_and_capped_and_backoff_doubles_to_five_seconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(3), RetryPolicy.AfterResponse(0, 5, HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(3), false));
        Assert.Equal(TimeSpan.FromMinutes(1), RetryPolicy.AfterResponse(0, 5, HttpStatusCode.TooManyRequests, TimeSpan.FromHours(1), false));
        Assert.Equal([200, 400, 800, 1600, 3200, 5000, 5000], Enumerable.Range(0, 7).Select(a => RetryPolicy.Backoff(a).TotalMilliseconds));
        Assert.Null(RetryPolicy.AfterResponse(5, 5, HttpStatusCode.TooManyRequests, null, true));
    }

    [Theory]
    [InlineData(HttpRequestError.ConnectionError, false, true)]
    [InlineData(HttpRequestError.ResponseEnded, false, false)]
    [InlineData(HttpRequestError.ResponseEnded, true, true)]
    public void A_write_is_retried_after_a_transport_failure_only_if_it_was_never_sent(HttpRequestError error, bool isRead, bool retried) =>
        Assert.Equal(retried, RetryPolicy.AfterFailure(0, 5, new HttpRequestException(error, "x"), isRead) is not null);
}
