using Cluster.Store.Etcd.Grpc;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cluster.Store.EtcdApi;

/// <summary>
/// The server side of the gRPC protocol on an ASP.NET Core request: checks the call, reads length-prefixed request
/// messages (with <see cref="GrpcFraming"/>), writes response messages, and ends the call with a status in the
/// trailers, or in the headers of a trailers-only response when nothing has been sent yet.
/// </summary>
internal static class GrpcServerCall
{
    /// <summary>
    /// The largest request message read: etcd's request limit plus the 512 KiB it allows for gRPC overhead. Anything
    /// larger fails with <see cref="GrpcStatusCode.ResourceExhausted"/> before it is buffered.
    /// </summary>
    public const int MaxRequestMessageBytes = StoreLimits.MaxRequestBytes + 512 * 1024;

    private const string EncodingHeader = "grpc-encoding";
    private const string AcceptEncodingHeader = "grpc-accept-encoding";
    private const string TimeoutHeader = "grpc-timeout";

    /// <summary>
    /// Checks that the request is a gRPC call this server can serve and prepares the response headers; if it is not,
    /// answers it with an error status and returns false.
    /// </summary>
    public static bool Accept(HttpContext context)
    {
        var response = context.Response;
        var contentType = context.Request.ContentType;
        if (contentType is null || !contentType.StartsWith(GrpcFraming.MediaType, StringComparison.OrdinalIgnoreCase)
            || (contentType.Length > GrpcFraming.MediaType.Length && contentType[GrpcFraming.MediaType.Length] is not ('+' or ';')))
        {
            response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            Finish(response, new GrpcStatus(GrpcStatusCode.Internal, $"content-type '{contentType}' is not gRPC"));
            return false;
        }
        response.ContentType = GrpcFraming.MediaType;
        response.Headers[AcceptEncodingHeader] = "identity";
        var encoding = context.Request.Headers[EncodingHeader].ToString();
        if (encoding.Length > 0 && encoding != "identity")
        {
            Finish(response, new GrpcStatus(GrpcStatusCode.Unimplemented, $"grpc-encoding '{encoding}' is not supported; only identity"));
            return false;
        }
        return true;
    }

    /// <summary>
    /// Starts a streaming call: checks it (see <see cref="Accept"/>) and sends the response headers at once, so the
    /// client knows the stream is open before the first response message.
    /// </summary>
    public static async Task<bool> StartStreamAsync(HttpContext context)
    {
        if (!Accept(context)) return false;
        await context.Response.StartAsync(context.RequestAborted);
        return true;
    }

    /// <summary>The call's deadline from its <c>grpc-timeout</c> header; null if it has none (or an unparsable one).</summary>
    public static TimeSpan? Deadline(HttpContext context) =>
        GrpcTimeout.TryParse(context.Request.Headers[TimeoutHeader].ToString(), out var timeout) ? timeout : null;

    /// <summary>Reads the one request message of a unary call, and checks that nothing follows it.</summary>
    /// <exception cref="GrpcStatusException">No message, more than one, or a malformed one.</exception>
    public static async Task<T> ReadSingleAsync<T>(Stream body, MessageParser<T> parser, CancellationToken ct)
        where T : class, IMessage<T>
    {
        var request = await GrpcFraming.ReadAsync(body, parser, MaxRequestMessageBytes, ct)
            ?? throw new GrpcStatusException(GrpcStatusCode.Internal, "the request carries no message");
        if (await GrpcFraming.ReadAsync(body, parser, MaxRequestMessageBytes, ct) is not null)
            throw new GrpcStatusException(GrpcStatusCode.Internal, "a unary call received more than one request message");
        return request;
    }

    /// <summary>Reads the next message of a streaming call; null once the client has half-closed.</summary>
    public static ValueTask<T?> ReadAsync<T>(Stream body, MessageParser<T> parser, CancellationToken ct)
        where T : class, IMessage<T> =>
        GrpcFraming.ReadAsync(body, parser, MaxRequestMessageBytes, ct);

    /// <summary>Writes and flushes one response message.</summary>
    public static async Task WriteAsync(HttpResponse response, IMessage message, CancellationToken ct)
    {
        GrpcFraming.Write(response.BodyWriter, message);
        await response.BodyWriter.FlushAsync(ct);
    }

    /// <summary>
    /// Ends the call with <paramref name="status"/>: in the trailers once the response has started, otherwise in the
    /// headers of a trailers-only response.
    /// </summary>
    public static void Finish(HttpResponse response, GrpcStatus status)
    {
        var code = ((int)status.Code).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (response.HasStarted)
        {
            response.AppendTrailer(GrpcStatus.StatusHeader, code);
            if (status.Message.Length > 0) response.AppendTrailer(GrpcStatus.MessageHeader, GrpcStatus.Encode(status.Message));
            return;
        }
        if (response.StatusCode == StatusCodes.Status200OK) response.ContentType = GrpcFraming.MediaType;
        response.Headers[GrpcStatus.StatusHeader] = code;
        if (status.Message.Length > 0) response.Headers[GrpcStatus.MessageHeader] = GrpcStatus.Encode(status.Message);
    }

    /// <summary>
    /// The status a failed call ends with. An exception that is neither a store nor a protocol error is a bug: it is
    /// logged and answered with <see cref="GrpcStatusCode.Unknown"/>.
    /// </summary>
    public static GrpcStatus StatusOf(Exception error, string method, ILogger logger)
    {
        if (ErrorStatus.For(error) is { } status)
        {
            EtcdApiLog.CallFailed(logger, method, status.Code, status.Message);
            return status;
        }
        EtcdApiLog.UnexpectedError(logger, method, error);
        return new GrpcStatus(GrpcStatusCode.Unknown, $"etcdserver: internal error: {error.GetType().Name}: {error.Message}");
    }
}
