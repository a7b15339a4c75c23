using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json.Nodes;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Storage;
using Microsoft.AspNetCore.Http;

namespace Cluster.ApiServer.Http;

/// <summary>Writes JSON responses and <c>Status</c> errors.</summary>
public static class Responses
{
    /// <summary>Serializes <paramref name="body"/> and writes it as <see cref="WriteBytesAsync"/> does (which copies it at once).</summary>
    public static Task WriteJsonAsync(HttpContext http, int statusCode, JsonNode body, string contentType = MediaTypes.Json)
    {
        var buffer = ScratchBuffer.Take();
        ObjectCodec.Write(buffer, body);
        return WriteBytesAsync(http, statusCode, buffer.WrittenMemory, contentType);
    }

    /// <summary>
    /// Writes already-serialized JSON with its Content-Length and leaves the flush to the server's end of the
    /// response, so headers and body leave in one write (one TLS record, one syscall) rather than a chunked body,
    /// a flush and a separate terminating chunk.
    /// </summary>
    public static Task WriteBytesAsync(HttpContext http, int statusCode, ReadOnlyMemory<byte> body, string contentType = MediaTypes.Json)
    {
        http.Response.StatusCode = statusCode;
        http.Response.ContentType = contentType;
        http.Response.ContentLength = body.Length;
        http.Response.BodyWriter.Write(body.Span);
        return Task.CompletedTask;
    }

    public static Task WriteErrorAsync(HttpContext http, ApiException e)
    {
        if (e.RetryAfterSeconds is { } retry) http.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return WriteJsonAsync(http, e.Code, StatusJson.Failure(e));
    }

    /// <summary>Adds a <c>Warning: 299 - "text"</c> header, which kubectl prints as "Warning: text".</summary>
    public static void AddWarning(HttpContext http, string text) =>
        http.Response.Headers.Append("Warning", $"299 - \"{text.Replace("\"", "'", StringComparison.Ordinal)}\"");

    public static PipeWriter Body(HttpContext http) => http.Response.BodyWriter;
}
