using System.Diagnostics;
using System.Text;
using Cluster.ApiServer.Http;
using Microsoft.AspNetCore.Http;

namespace Cluster.ApiServer.Observability;

/// <summary>
/// The server span of a request: started with the caller's W3C <c>traceparent</c> as parent, named after the
/// route once the request is parsed (<c>GET /api/v1/namespaces/{namespace}/pods</c>), carrying the verb,
/// resource, namespace and status code, and failed on a 5xx. Only runs when someone listens.
/// </summary>
internal static class RequestSpans
{
    public static Activity? Start(ActivitySource source, HttpContext http)
    {
        var parent = default(ActivityContext);
        if (Activity.Current is null && http.Request.Headers.TryGetValue("traceparent", out var traceparent))
            ActivityContext.TryParse(traceparent.ToString(), http.Request.Headers["tracestate"].ToString(), isRemote: true, out parent);
        var span = source.StartActivity(http.Request.Method, ActivityKind.Server, parent);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("http.request.method", http.Request.Method);
            span.SetTag("url.path", http.Request.Path.Value);
        }
        return span;
    }

    public static void Finish(Activity span, HttpContext http, RequestInfo? info, int code)
    {
        span.DisplayName = info is null
            ? code < 400 ? $"{http.Request.Method} {http.Request.Path.Value}" : http.Request.Method
            : Route(http.Request.Method, info);
        if (span.IsAllDataRequested)
        {
            span.SetTag("http.response.status_code", code);
            if (info is not null)
            {
                span.SetTag("verb", info.Verb);
                span.SetTag("group", info.Group);
                span.SetTag("version", info.Version);
                span.SetTag("resource", info.Resource);
                if (info.Subresource.Length > 0) span.SetTag("subresource", info.Subresource);
                if (info.Namespace.Length > 0) span.SetTag("namespace", info.Namespace);
                if (info.Name.Length > 0) span.SetTag("name", info.Name);
            }
        }
        if (code >= 500) span.SetStatus(ActivityStatusCode.Error);
        span.Dispose();
    }

    /// <summary>The request's path with the namespace and name as placeholders: <c>GET /apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale</c>.</summary>
    public static string Route(string method, RequestInfo info)
    {
        var route = new StringBuilder(method).Append(' ');
        if (info.Group.Length == 0) route.Append("/api/");
        else route.Append("/apis/").Append(info.Group).Append('/');
        route.Append(info.Version);
        if (info.Namespace.Length > 0) route.Append("/namespaces/{namespace}");
        route.Append('/').Append(info.Resource);
        if (info.Name.Length > 0) route.Append("/{name}");
        if (info.Subresource.Length > 0) route.Append('/').Append(info.Subresource);
        return route.ToString();
    }
}
