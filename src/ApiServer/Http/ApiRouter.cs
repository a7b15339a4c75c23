using Cluster.ApiServer.Auth;
using Cluster.ApiServer.Discovery;
using Cluster.ApiServer.Errors;
using Cluster.ApiServer.Handlers;
using Cluster.ApiServer.Observability;
using Cluster.ApiServer.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cluster.ApiServer.Http;

/// <summary>
/// The request pipeline: in-flight bound, error mapping, public endpoints, authentication, authorization, then
/// discovery, OpenAPI or the generic resource handlers. Every failure a client can cause leaves here as a
/// <c>Status</c>; anything else is logged and answered 500. Every request is measured and traced (<see cref="ApiServerTelemetry"/>).
/// </summary>
public sealed partial class ApiRouter(
    ApiServices api,
    IAuthenticator authenticator,
    IAuthorizer authorizer,
    InflightLimiter inflight,
    DiscoveryEndpoints discovery,
    OpenApiEndpoints openApi,
    ResourceDispatcher resources,
    ApiServerTelemetry telemetry,
    ILogger<ApiRouter> logger)
{
    public async Task HandleAsync(HttpContext http)
    {
        var longRunning = IsLongRunning(http);
        using var measured = telemetry.StartRequest(http, longRunning);
        if (!longRunning && !inflight.TryEnter())
        {
            await Responses.WriteErrorAsync(http, ApiErrors.TooManyRequests(1));
            return;
        }
        try
        {
            await RouteAsync(http);
        }
        catch (ApiException e)
        {
            await TryWriteErrorAsync(http, e);
        }
        catch (BadHttpRequestException e)
        {
            await TryWriteErrorAsync(http, e.StatusCode == 413 ? ApiErrors.RequestEntityTooLarge(api.Body.MaxBytes) : ApiErrors.BadRequest(e.Message));
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception e)
        {
            measured.Fail(e);
            LogInternalError(logger, http.Request.Method, http.Request.Path, e);
            await TryWriteErrorAsync(http, ApiErrors.Internal("an unexpected error occurred; see the server log"));
        }
        finally
        {
            if (!longRunning) inflight.Exit();
        }
    }

    private async Task RouteAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "/";
        switch (path)
        {
            case "/healthz" or "/livez" or "/healthz/ping" or "/livez/ping":
                await PlainAsync(http, 200, "ok");
                return;
            case "/readyz":
                await ReadyAsync(http);
                return;
            case "/version" or "/version/":
                await Responses.WriteJsonAsync(http, 200, VersionInfo.Document());
                return;
        }

        var user = await authenticator.AuthenticateAsync(http) ?? throw ApiErrors.Unauthorized();

        if (path is "/api" or "/api/" or "/apis" or "/apis/" || DiscoveryEndpoints.IsDiscoveryPath(path))
        {
            if (await discovery.TryHandleAsync(http, path)) return;
        }
        if (path.StartsWith("/openapi/", StringComparison.Ordinal))
        {
            await openApi.HandleAsync(http, path);
            return;
        }
        if (path == "/metrics" && Metrics is { } metrics)
        {
            await metrics(http);
            return;
        }

        var watchQuery = http.Request.Query.TryGetValue("watch", out var w) && w.ToString() is "true" or "1";
        var info = RequestInfoParser.Parse(http.Request.Method, path, watchQuery) ?? throw ApiErrors.PathNotFound();
        telemetry.OnResourceRequest(http, info, api.Registry);
        if (await authorizer.AuthorizeAsync(user, info, http.RequestAborted) is { } denied)
            throw ApiErrors.Forbidden(new GroupResource(info.Group, info.Resource), info.Name, denied);
        await resources.DispatchAsync(http, info, user);
    }

    /// <summary>Serves <c>/metrics</c> when set (the exporter plugs in here).</summary>
    public Func<HttpContext, Task>? Metrics { get; set; }

    private async Task ReadyAsync(HttpContext http)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await api.Storage.CurrentRevisionAsync(timeout.Token);
            await PlainAsync(http, 200, "ok");
        }
        catch (Exception e) when (e is ApiException or OperationCanceledException)
        {
            await PlainAsync(http, 500, "[-]etcd failed: the storage is not reachable\nreadyz check failed");
        }
    }

    /// <summary>Watches and the pod streams (log, exec, attach, port-forward) are long-running: outside the in-flight bound.</summary>
    private static bool IsLongRunning(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        if (path.StartsWith("/api/v1/namespaces/", StringComparison.Ordinal)
            && (path.EndsWith("/log", StringComparison.Ordinal) || path.EndsWith("/exec", StringComparison.Ordinal)
                || path.EndsWith("/attach", StringComparison.Ordinal) || path.EndsWith("/portforward", StringComparison.Ordinal)))
            return true;
        return http.Request.Method == "GET"
            && ((http.Request.Query.TryGetValue("watch", out var w) && w.ToString() is "true" or "1") || path.Contains("/watch/", StringComparison.Ordinal));
    }

    private static async Task PlainAsync(HttpContext http, int code, string text)
    {
        http.Response.StatusCode = code;
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync(text, http.RequestAborted);
    }

    private async Task TryWriteErrorAsync(HttpContext http, ApiException e)
    {
        if (http.Response.HasStarted) return; // a watch or list already streaming: the connection just ends
        http.Response.Clear();
        await DrainAsync(http);
        await Responses.WriteErrorAsync(http, e);
    }

    /// <summary>
    /// Reads what is left of a refused request's body (up to the body limit), so the client sees the error instead
    /// of a connection reset while it is still sending, and the keep-alive connection stays usable.
    /// </summary>
    private async Task DrainAsync(HttpContext http)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            long total = 0;
            int read;
            while (total <= api.Body.MaxBytes && (read = await http.Request.Body.ReadAsync(buffer, http.RequestAborted)) > 0) total += read;
        }
        catch (Exception e) when (e is IOException or BadHttpRequestException or OperationCanceledException or InvalidOperationException)
        {
            // The client is gone or the body was consumed already.
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Internal error serving {Method} {Path}")]
    private static partial void LogInternalError(ILogger logger, string method, string path, Exception error);
}
