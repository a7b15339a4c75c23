using System.IO.Pipelines;
using System.Text.Json.Nodes;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Storage;
using Microsoft.AspNetCore.Http;

namespace Cluster.ApiServer.Http;

/// <summary>Writes JSON responses and <c>Status</c> errors.</summary>
public static class Responses
{
    public static async Task WriteJsonAsync(HttpContext http, int statusCode, JsonNode body, string contentType = MediaTypes.Json)
    {
        http.Response.StatusCode = statusCode;
        http.Response.ContentType = contentType;
        var output = http.Response.BodyWriter;
        ObjectCodec.Write(output, body);
        await output.FlushAsync(http.RequestAborted);
    }

    /// <summary>Writes already-serialized JSON.</summary>
    public static async Task WriteBytesAsync(HttpContext http, int statusCode, ReadOnlyMemory<byte> body)
    {
        http.Response.StatusCode = statusCode;
        http.Response.ContentType = MediaTypes.Json;
        http.Response.ContentLength = body.Length;
        await http.Response.BodyWriter.WriteAsync(body, http.RequestAborted);
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
