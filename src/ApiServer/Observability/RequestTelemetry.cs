using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Cluster.ApiServer.Observability;

/// <summary>
/// One request being measured, from <see cref="ApiServerTelemetry.StartRequest"/>. Disposing it records the request's
/// count and duration with the labels known by then (the parsed request, the response status) and ends its span.
/// </summary>
public readonly struct RequestTelemetry : IDisposable
{
    private readonly ApiServerTelemetry? _owner;
    private readonly HttpContext? _http;
    private readonly RequestKind _kind;
    private readonly long _started;
    private readonly Activity? _span;

    internal RequestTelemetry(ApiServerTelemetry owner, HttpContext http, RequestKind kind, long started, Activity? span)
    {
        _owner = owner;
        _http = http;
        _kind = kind;
        _started = started;
        _span = span;
    }

    /// <summary>Records an unexpected failure on the span (the response code decides its status).</summary>
    public void Fail(Exception error) => _span?.AddException(error);

    public void Dispose() => _owner?.EndRequest(_http!, _kind, _started, _span);
}
