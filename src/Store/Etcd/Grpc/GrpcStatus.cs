using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Cluster.Store.Etcd.Grpc;

/// <summary>
/// The outcome of a gRPC call: the <c>grpc-status</c> code and the (percent-decoded) <c>grpc-message</c>.
/// </summary>
internal readonly record struct GrpcStatus(GrpcStatusCode Code, string Message)
{
    public const string StatusHeader = "grpc-status";
    public const string MessageHeader = "grpc-message";

    /// <summary>
    /// Reads the status from trailers, or from the headers of a trailers-only response. Null if neither carries one.
    /// </summary>
    public static GrpcStatus? From(HttpResponseMessage response) =>
        From(response.TrailingHeaders) ?? From(response.Headers);

    /// <summary>Reads <c>grpc-status</c> and <c>grpc-message</c> from one header collection; null if absent.</summary>
    public static GrpcStatus? From(HttpHeaders headers)
    {
        if (!headers.TryGetValues(StatusHeader, out var codes)) return null;
        var text = codes.FirstOrDefault();
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            return new GrpcStatus(GrpcStatusCode.Unknown, $"unparsable grpc-status '{text}'");
        var message = headers.TryGetValues(MessageHeader, out var messages) ? Decode(messages.FirstOrDefault()) : "";
        return new GrpcStatus((GrpcStatusCode)code, message);
    }

    /// <summary>The status a non-200 HTTP response stands for (gRPC's HTTP to gRPC status mapping).</summary>
    public static GrpcStatus FromHttpStatus(HttpStatusCode status)
    {
        var code = status switch
        {
            HttpStatusCode.BadRequest => GrpcStatusCode.Internal,
            HttpStatusCode.Unauthorized => GrpcStatusCode.Unauthenticated,
            HttpStatusCode.Forbidden => GrpcStatusCode.PermissionDenied,
            HttpStatusCode.NotFound => GrpcStatusCode.Unimplemented,
            HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway
                or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => GrpcStatusCode.Unavailable,
            _ => GrpcStatusCode.Unknown,
        };
        return new GrpcStatus(code, $"HTTP status {(int)status} {status}");
    }

    /// <summary>
    /// Encodes a status message for the <c>grpc-message</c> header: UTF-8, with every byte outside printable ASCII,
    /// and '%' itself, percent-encoded (as the gRPC HTTP/2 protocol specifies).
    /// </summary>
    public static string Encode(string message)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(message);
        var text = new System.Text.StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (b is >= 0x20 and <= 0x7e and not (byte)'%') text.Append((char)b);
            else text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    /// <summary>grpc-message is percent-encoded UTF-8.</summary>
    private static string Decode(string? message)
    {
        if (string.IsNullOrEmpty(message)) return "";
        try
        {
            return Uri.UnescapeDataString(message);
        }
        catch (UriFormatException)
        {
            return message;
        }
    }
}
