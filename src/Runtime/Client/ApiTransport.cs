using System.Net;
using System.Net.Http.Headers;
using Cluster.Api.Meta.V1;
using Cluster.Runtime.Client.Errors;

namespace Cluster.Runtime.Client;

/// <summary>
/// Sends REST calls to one API server: authentication, timeouts, retries (<see cref="RetryPolicy"/>), and failures
/// turned into typed <see cref="ApiException"/>s carrying the server's Status. Thread-safe; share one per process.
/// </summary>
public sealed class ApiTransport : IDisposable
{
    private static readonly MediaTypeWithQualityHeaderValue Json = new("application/json");
    private readonly HttpClient _requests;
    private readonly HttpClient _watches;
    private readonly BearerToken _token;
    private readonly TimeProvider _time;

    public ApiTransport(ClusterConnection connection, TimeProvider? time = null)
    {
        Connection = connection;
        _time = time ?? TimeProvider.System;
        _token = new BearerToken(connection, _time);
        _requests = new HttpClient(HttpHandlers.ForRequests(connection))
        {
            BaseAddress = connection.Server,
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        _watches = new HttpClient(HttpHandlers.ForWatches(connection))
        {
            BaseAddress = connection.Server,
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    public ClusterConnection Connection { get; }

    /// <summary>Sends the call and reads the whole answer; a failure after every retry is thrown as an <see cref="ApiException"/>.</summary>
    public async Task<byte[]> SendAsync(ApiRequest request, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Connection.RequestTimeout);
            TimeSpan? delay;
            try
            {
                using var response = await _requests.SendAsync(Build(request), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                var body = await ReadBodyAsync(response, timeout.Token);
                if (response.IsSuccessStatusCode) return body;
                delay = RetryPolicy.AfterResponse(attempt, Connection.MaxRetries, response.StatusCode, RetryAfter(response), request.IsRead);
                if (delay is null) throw ApiException.From(response.StatusCode, StatusOf(response.StatusCode, body));
            }
            catch (HttpRequestException failure) when (RetryPolicy.AfterFailure(attempt, Connection.MaxRetries, failure, request.IsRead) is { } backoff)
            {
                delay = backoff;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"{request.Method} {request.PathAndQuery}: no answer within {Connection.RequestTimeout.TotalSeconds:0.#} s");
            }
            await Task.Delay(delay.Value, _time, ct);
        }
    }

    /// <summary>
    /// Opens a streaming response (a watch) on its own HTTP/1.1 connection. Connection failures and 429 are retried;
    /// other failures are thrown as <see cref="ApiException"/>s. The caller disposes the response.
    /// </summary>
    public async Task<HttpResponseMessage> OpenStreamAsync(string pathAndQuery, CancellationToken ct, string? accept = null)
    {
        var request = new ApiRequest(HttpMethod.Get, pathAndQuery, Accept: accept);
        for (var attempt = 0; ; attempt++)
        {
            TimeSpan? delay;
            try
            {
                var response = await _watches.SendAsync(Build(request), HttpCompletionOption.ResponseHeadersRead, ct);
                if (response.IsSuccessStatusCode) return response;
                using (response)
                {
                    var body = await response.Content.ReadAsByteArrayAsync(ct);
                    delay = RetryPolicy.AfterResponse(attempt, Connection.MaxRetries, response.StatusCode, RetryAfter(response), isRead: true);
                    if (delay is null) throw ApiException.From(response.StatusCode, StatusOf(response.StatusCode, body));
                }
            }
            catch (HttpRequestException failure) when (RetryPolicy.AfterFailure(attempt, Connection.MaxRetries, failure, isRead: true) is { } backoff)
            {
                delay = backoff;
            }
            await Task.Delay(delay.Value, _time, ct);
        }
    }

    public void Dispose()
    {
        _requests.Dispose();
        _watches.Dispose();
    }

    private HttpRequestMessage Build(ApiRequest request)
    {
        var message = new HttpRequestMessage(request.Method, new Uri(request.PathAndQuery, UriKind.Relative));
        if (request.Accept is null) message.Headers.Accept.Add(Json);
        else message.Headers.TryAddWithoutValidation("Accept", request.Accept);
        message.Headers.TryAddWithoutValidation("User-Agent", Connection.UserAgent);
        if (_token.Current() is { } token) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (request.Body is { } body)
        {
            message.Content = new ReadOnlyMemoryContent(body);
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType ?? "application/json");
        }
        return message;
    }

    // Reads the body into an array of its own. HttpContent's own buffering rents from the shared array pool, which then
    // keeps a list-sized array alive after the response is gone.
    private static async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        if (response.Content.Headers.ContentLength is { } length and <= int.MaxValue)
        {
            var exact = new byte[length];
            await stream.ReadExactlyAsync(exact, ct);
            return exact;
        }
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, ct);
        return copy.ToArray();
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow,
        _ => null,
    };

    /// <summary>The Status the server sent, or one made from the code and text when the body is not a Status.</summary>
    internal static Status StatusOf(HttpStatusCode code, byte[] body)
    {
        try
        {
            if (body.Length > 0 && System.Text.Json.JsonSerializer.Deserialize(body, Status.JsonTypeInfo) is { Kind: "Status" } status)
                return status.Code is null ? status with { Code = (int)code } : status;
        }
        catch (System.Text.Json.JsonException)
        {
        }
        var text = System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 1024))).Trim();
        return new Status
        {
            ApiVersion = "v1",
            Kind = "Status",
            StatusValue = "Failure",
            Code = (int)code,
            Reason = "",
            Message = text.Length > 0 ? text : $"the server answered {(int)code} {code}",
        };
    }
}
