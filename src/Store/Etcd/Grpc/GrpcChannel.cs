using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace Cluster.Store.Etcd.Grpc;

/// <summary>
/// Makes gRPC calls to one server over a shared <see cref="HttpClient"/>: HTTP/2 only (prior knowledge for
/// <c>http://</c>, ALPN for <c>https://</c>), length-prefixed messages, status from the trailers.
/// Thread-safe; owns nothing (the HttpClient belongs to the caller).
/// </summary>
/// <remarks>
/// Every failure surfaces as a <see cref="GrpcStatusException"/>: server statuses as sent, transport failures as
/// <see cref="GrpcStatusCode.Unavailable"/>, an elapsed deadline as <see cref="GrpcStatusCode.DeadlineExceeded"/>.
/// Cancellation through the caller's token surfaces as <see cref="OperationCanceledException"/>.
/// </remarks>
internal sealed class GrpcChannel(HttpClient http, Uri address, TimeProvider time)
{
    public static readonly MediaTypeHeaderValue ContentType = new(GrpcFraming.MediaType);

    public Uri Address { get; } = address;

    /// <summary>Sends one request and reads one response, within <paramref name="timeout"/>.</summary>
    public async Task<TResponse> UnaryAsync<TRequest, TResponse>(
        GrpcMethod<TRequest, TResponse> method, TRequest request, TimeSpan timeout, CancellationToken ct)
        where TRequest : IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            var body = new ByteArrayContent(GrpcFraming.Encode(request));
            body.Headers.ContentType = ContentType;
            using var message = NewRequest(method.Path, body, timeout);
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            ThrowIfNotGrpc(response);
            var stream = await response.Content.ReadAsStreamAsync(linked.Token);
            var reply = await GrpcFraming.ReadAsync(stream, method.ResponseParser, linked.Token);
            if (reply is not null && await GrpcFraming.ReadAsync(stream, method.ResponseParser, linked.Token) is not null)
                throw new GrpcStatusException(GrpcStatusCode.Internal, $"{method.Path} returned more than one message");
            ThrowIfFailed(GrpcStatus.From(response), method.Path);
            return reply ?? throw new GrpcStatusException(GrpcStatusCode.Internal, $"{method.Path} returned no message");
        }
        catch (Exception e) when (e is not GrpcStatusException && !ct.IsCancellationRequested)
        {
            throw Translate(e, deadline.IsCancellationRequested, timeout);
        }
    }

    /// <summary>
    /// Opens a bidirectional stream, sends <paramref name="first"/> and waits (within <paramref name="startTimeout"/>)
    /// for the response headers. The returned call lives until disposed; <paramref name="ct"/> only bounds the start.
    /// </summary>
    public async Task<GrpcDuplexCall<TRequest, TResponse>> StartDuplexAsync<TRequest, TResponse>(
        GrpcMethod<TRequest, TResponse> method, TRequest first, TimeSpan startTimeout, CancellationToken ct)
        where TRequest : IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var content = new DuplexRequestContent();
        var message = NewRequest(method.Path, content, timeout: null);
        var callCts = new CancellationTokenSource();
        var sendTask = http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, callCts.Token);
        using var deadline = new CancellationTokenSource(startTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        HttpResponseMessage? response = null;
        try
        {
            using (linked.Token.Register(callCts.Cancel))
            {
                await Task.WhenAny(content.RequestStream, sendTask).WaitAsync(linked.Token);
                if (!content.RequestStream.IsCompleted)
                {
                    // The server answered (or the connection failed) before the body started: never a live stream.
                    response = await sendTask;
                    ThrowIfNotGrpc(response);
                    ThrowIfFailed(GrpcStatus.From(response), method.Path);
                    throw new GrpcStatusException(GrpcStatusCode.Internal, $"{method.Path} ended before the request was sent");
                }

                var requestStream = await content.RequestStream;
                var frame = GrpcFraming.Encode(first);
                await requestStream.WriteAsync(frame, linked.Token);
                await requestStream.FlushAsync(linked.Token);
                response = await sendTask.WaitAsync(linked.Token);
                ThrowIfNotGrpc(response);
                var trailersOnly = GrpcStatus.From(response.Headers);
                if (trailersOnly is not null)
                {
                    ThrowIfFailed(trailersOnly, method.Path);
                    throw new GrpcStatusException(GrpcStatusCode.Unavailable, $"{method.Path} ended at once");
                }

                var responseStream = await response.Content.ReadAsStreamAsync(linked.Token);
                return new GrpcDuplexCall<TRequest, TResponse>(method, content, requestStream, response, responseStream, callCts);
            }
        }
        catch (Exception e)
        {
            await callCts.CancelAsync();
            content.Complete();
            response?.Dispose();
            callCts.Dispose();
            _ = sendTask.ContinueWith(static t => t.Exception, TaskScheduler.Default); // observe a late failure
            if (e is GrpcStatusException || ct.IsCancellationRequested) throw;
            throw Translate(e, deadline.IsCancellationRequested, startTimeout);
        }
    }

    private HttpRequestMessage NewRequest(string path, HttpContent content, TimeSpan? timeout)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Address, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        request.Headers.TryAddWithoutValidation("grpc-accept-encoding", "identity");
        if (timeout is { } t) request.Headers.TryAddWithoutValidation("grpc-timeout", GrpcTimeout.Format(t));
        return request;
    }

    /// <summary>Throws unless the response is a 200 with a gRPC content type (trailers-only answers included).</summary>
    internal static void ThrowIfNotGrpc(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var status = GrpcStatus.From(response.Headers) is { Code: not GrpcStatusCode.OK } s ? s : GrpcStatus.FromHttpStatus(response.StatusCode);
            throw new GrpcStatusException(status.Code, status.Message);
        }
        var type = response.Content.Headers.ContentType?.MediaType;
        if (type is null || !type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase))
        {
            if (GrpcStatus.From(response.Headers) is { } headerStatus)
            {
                ThrowIfFailed(headerStatus, "call");
                return;
            }
            throw new GrpcStatusException(GrpcStatusCode.Unknown, $"response content type '{type}' is not gRPC");
        }
    }

    internal static void ThrowIfFailed(GrpcStatus? status, string path)
    {
        if (status is null)
            throw new GrpcStatusException(GrpcStatusCode.Unavailable, $"{path} ended without a grpc-status");
        if (status.Value.Code != GrpcStatusCode.OK)
            throw new GrpcStatusException(status.Value.Code, status.Value.Message);
    }

    /// <summary>Maps a transport exception to a gRPC status, noting whether the request can have reached the server.</summary>
    internal GrpcStatusException Translate(Exception e, bool deadlineElapsed, TimeSpan timeout)
    {
        if (deadlineElapsed)
            return new GrpcStatusException(GrpcStatusCode.DeadlineExceeded, $"{Address} did not answer within {timeout.TotalSeconds:0.###}s", e);
        return e switch
        {
            HttpRequestException h => new GrpcStatusException(
                GrpcStatusCode.Unavailable, $"{Address}: {h.Message}", h, requestNotSent: IsConnectFailure(h)),
            // SocketsHttpHandler reports an elapsed ConnectTimeout as a cancellation wrapping a TimeoutException.
            OperationCanceledException { InnerException: TimeoutException connect } => new GrpcStatusException(
                GrpcStatusCode.Unavailable, $"{Address}: {connect.Message}", e, requestNotSent: true),
            _ => new GrpcStatusException(GrpcStatusCode.Unavailable, $"{Address}: {e.Message}", e),
        };
    }

    private static bool IsConnectFailure(HttpRequestException e) => e.HttpRequestError is
        HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError
        or HttpRequestError.ProxyTunnelError or HttpRequestError.VersionNegotiationError;
}
