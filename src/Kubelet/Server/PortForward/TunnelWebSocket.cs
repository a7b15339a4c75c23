using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Cluster.Kubelet.Server.PortForward;

/// <summary>
/// Accepts a WebSocket whose subprotocol is <c>SPDY/3.1+portforward.k8s.io</c>. .NET refuses that name (a '/' is
/// not a token character), so the handshake (RFC 6455 §4.2.2) is answered here over the raw HTTP/1.1 upgrade and the
/// WebSocket is made on the upgraded stream.
/// </summary>
public static class TunnelWebSocket
{
    private const string Rfc6455Guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    public static async Task<WebSocket> AcceptAsync(HttpContext http, string protocol)
    {
        if (http.Features.Get<IHttpUpgradeFeature>() is not { IsUpgradableRequest: true } upgrade)
            throw StreamingException.BadRequest("port-forward needs an HTTP/1.1 upgrade");
        var key = http.Request.Headers.SecWebSocketKey.ToString();
        if (key.Length == 0) throw StreamingException.BadRequest("the WebSocket upgrade has no Sec-WebSocket-Key");
        http.Response.Headers.Upgrade = "websocket";
#pragma warning disable CA5350 // RFC 6455 fixes SHA-1 for the accept key; it is not used for security here
        http.Response.Headers.SecWebSocketAccept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + Rfc6455Guid)));
#pragma warning restore CA5350
        http.Response.Headers.SecWebSocketProtocol = protocol;
        var stream = await upgrade.UpgradeAsync();
        return WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.FromSeconds(30) });
    }

    /// <summary>Whether the client offered <paramref name="protocol"/> (the raw header, since .NET's parser drops such names).</summary>
    public static bool Offered(HttpRequest request, string protocol) =>
        request.Headers.SecWebSocketProtocol.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries)).Contains(protocol);
}
