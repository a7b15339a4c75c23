using System.Net;

namespace Cluster.Runtime.Client;

/// <summary>
/// When a request is tried again, and after how long. 429 and any 5xx that carries Retry-After are retried for
/// every verb: the server says it did nothing and asks to come back. 502/503/504 without Retry-After and a
/// connection lost mid-request are retried only for reads, since a write may already have landed. A connection
/// that could not be made is retried for every verb: nothing was sent. Delays double from 200 ms up to 5 s;
/// Retry-After is honoured up to one minute.
/// </summary>
public static class RetryPolicy
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(1);

    /// <summary>The delay before retry number <paramref name="attempt"/> + 1 after a failed response, or null to give up.</summary>
    public static TimeSpan? AfterResponse(int attempt, int maxRetries, HttpStatusCode code, TimeSpan? retryAfter, bool isRead)
    {
        if (attempt >= maxRetries) return null;
        var status = (int)code;
        if (code == HttpStatusCode.TooManyRequests || (status >= 500 && retryAfter is not null))
            return retryAfter is { } after ? Min(after < TimeSpan.Zero ? TimeSpan.Zero : after, MaxRetryAfter) : Backoff(attempt);
        if (isRead && status is 502 or 503 or 504) return Backoff(attempt);
        return null;
    }

    /// <summary>The delay before retrying after a transport failure, or null to give up.</summary>
    public static TimeSpan? AfterFailure(int attempt, int maxRetries, HttpRequestException failure, bool isRead)
    {
        if (attempt >= maxRetries) return null;
        return isRead || failure.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
            ? Backoff(attempt)
            : null;
    }

    public static TimeSpan Backoff(int attempt) => Min(First * Math.Pow(2, Math.Min(attempt, 16)), Cap);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
