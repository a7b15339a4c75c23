using System.Net.Sockets;
using Cluster.Kubelet.Logs;
using Cluster.Kubelet.Server.Channels;
using Cluster.Kubelet.Server.PortForward;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cluster.Kubelet.Server;

/// <summary>
/// Routes the kubelet's API: <c>/healthz</c>, <c>/stats/summary</c>, <c>/containerLogs/{ns}/{pod}/{container}</c>,
/// <c>/exec|/attach/{ns}/{pod}[/{uid}]/{container}</c> and <c>/portForward/{ns}/{pod}[/{uid}]</c>, after the
/// client-certificate check. Every refusal is a <c>Status</c>.
/// </summary>
public sealed partial class KubeletApi(ApiServerClientCheck clients, IContainerLocator locator, string shimPath, TimeProvider time, ILogger logger,
    IStatsProvider? stats = null)
{
    public async Task HandleAsync(HttpContext http)
    {
        try
        {
            var verdict = clients.Check(await http.Connection.GetClientCertificateAsync(http.RequestAborted));
            if (verdict != 200)
            {
                await StatusResponse.WriteAsync(http, verdict, verdict == 401 ? "Unauthorized" : "Forbidden",
                    verdict == 401 ? "Unauthorized" : "Forbidden: only the API server may use the kubelet's API");
                return;
            }
            var parts = (http.Request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
            switch (parts)
            {
                case ["healthz"]:
                    http.Response.ContentType = "text/plain";
                    await http.Response.WriteAsync("ok", http.RequestAborted);
                    return;
                case ["stats", "summary"] when IsGet(http) && stats is not null:
                    http.Response.ContentType = "application/json";
                    await System.Text.Json.JsonSerializer.SerializeAsync(http.Response.Body, await stats.SummaryAsync(http.RequestAborted),
                        StatsJsonContext.Default.StatsSummary, http.RequestAborted);
                    return;
                case ["containerLogs", var ns, var pod, var container] when IsGet(http):
                    await LogsAsync(http, ns, pod, container);
                    return;
                case ["exec", var ns, var pod, .., var container] when parts.Length is 4 or 5:
                    await ExecAsync(http, ns, pod, container, attach: false);
                    return;
                case ["attach", var ns, var pod, .., var container] when parts.Length is 4 or 5:
                    await ExecAsync(http, ns, pod, container, attach: true);
                    return;
                case ["portForward", var ns, var pod, ..] when parts.Length is 3 or 4:
                    await PortForwardAsync(http, ns, pod);
                    return;
                default:
                    await StatusResponse.WriteAsync(http, 404, "NotFound", "the server could not find the requested resource");
                    return;
            }
        }
        catch (StreamingException e)
        {
            await StatusResponse.WriteAsync(http, e);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is IOException or SocketException or System.Net.WebSockets.WebSocketException)
        {
            LogStreamEnded(logger, http.Request.Path, e.Message);
        }
        catch (Exception e)
        {
            LogFailed(logger, http.Request.Path, e);
            await StatusResponse.WriteAsync(http, 500, "InternalError", $"Internal error occurred: {e.Message}");
        }
    }

    private static bool IsGet(HttpContext http) => HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method);

    private async Task LogsAsync(HttpContext http, string ns, string pod, string container)
    {
        var (options, previous) = LogQuery.Parse(http.Request.Query, time.GetUtcNow());
        var target = await locator.FindContainerAsync(ns, pod, container, previous, http.RequestAborted);
        if (!File.Exists(target.LogPath))
        {
            http.Response.ContentType = "text/plain";
            return; // a container that has not written anything yet
        }
        http.Response.ContentType = "text/plain";
        var stillRunning = previous ? (Func<bool>)(() => false) : () => locator.IsRunning(target);
        await CriLogReader.CopyAsync(target.LogPath, options, http.Response.Body, stillRunning, http.RequestAborted);
    }

    private async Task ExecAsync(HttpContext http, string ns, string pod, string container, bool attach)
    {
        var streams = ExecQuery.Streams(http.Request.Query);
        var command = attach ? [] : ExecQuery.Command(http.Request.Query);
        if (!http.WebSockets.IsWebSocketRequest)
            throw StreamingException.BadRequest("the streaming protocol must be a WebSocket upgrade (v5.channel.k8s.io or v4.channel.k8s.io)");
        if (StreamChannel.Negotiate(http.WebSockets.WebSocketRequestedProtocols) is not { } protocol)
            throw StreamingException.BadRequest("none of the offered WebSocket protocols is supported (v5.channel.k8s.io, v4.channel.k8s.io)");
        var target = await locator.FindContainerAsync(ns, pod, container, previous: false, http.RequestAborted);
        if (!target.Running) throw StreamingException.NotRunning(container);
        if (!attach && !File.Exists(shimPath)) throw new StreamingException(500, "InternalError", $"the exec helper {shimPath} is missing on this node");

        using var attached = attach ? await AttachSession.ConnectAsync(target, http.RequestAborted) : null;
        using var socket = await http.WebSockets.AcceptWebSocketAsync(protocol);
        var bridge = new ChannelBridge(socket, protocol, streams, reportExitCode: !attach);
        if (attached is not null) await AttachSession.RunAsync(bridge, attached, http.RequestAborted);
        else await ExecSession.RunAsync(bridge, shimPath, target, command, streams, logger, http.RequestAborted);
    }

    private async Task PortForwardAsync(HttpContext http, string ns, string pod)
    {
        var target = await locator.FindPodAsync(ns, pod, http.RequestAborted);
        var session = new PortForwardSession($"{pod}_{ns}", target, logger);
        if (http.WebSockets.IsWebSocketRequest)
        {
            if (!TunnelWebSocket.Offered(http.Request, PortForwardProtocol.WebSocketTunnel))
                throw StreamingException.BadRequest($"port-forward over WebSocket needs the {PortForwardProtocol.WebSocketTunnel} protocol");
            using var socket = await TunnelWebSocket.AcceptAsync(http, PortForwardProtocol.WebSocketTunnel);
            await using var transport = System.Net.WebSockets.WebSocketStream.Create(socket, System.Net.WebSockets.WebSocketMessageType.Binary);
            await session.RunAsync(transport, http.RequestAborted);
            return;
        }
        if (PortForwardProtocol.IsSpdyUpgrade(http.Request) && http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpUpgradeFeature>() is { IsUpgradableRequest: true } upgrade)
        {
            http.Response.Headers[PortForwardProtocol.StreamProtocolHeader] = PortForwardProtocol.Name;
            http.Response.Headers.Upgrade = PortForwardProtocol.SpdyUpgrade;
            await using var transport = await upgrade.UpgradeAsync();
            await session.RunAsync(transport, http.RequestAborted);
            return;
        }
        throw StreamingException.BadRequest("port-forward needs a WebSocket (SPDY/3.1+portforward.k8s.io) or SPDY/3.1 upgrade");
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stream {Path} ended: {Reason}")]
    private static partial void LogStreamEnded(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Kubelet API request {Path} failed")]
    private static partial void LogFailed(ILogger logger, string path, Exception error);
}
