using Microsoft.AspNetCore.Http;

namespace Cluster.Kubelet.Server.PortForward;

/// <summary>The names port-forwarding negotiates: SPDY tunnelled in a WebSocket (kubectl 1.30+), or a plain SPDY/3.1 upgrade.</summary>
public static class PortForwardProtocol
{
    public const string Name = "portforward.k8s.io";
    public const string WebSocketTunnel = "SPDY/3.1+portforward.k8s.io";
    public const string SpdyUpgrade = "SPDY/3.1";
    public const string StreamProtocolHeader = "X-Stream-Protocol-Version";

    public static bool IsSpdyUpgrade(HttpRequest request) =>
        string.Equals(request.Headers.Upgrade.ToString(), SpdyUpgrade, StringComparison.OrdinalIgnoreCase)
        && request.Headers[StreamProtocolHeader].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries)).Contains(Name);
}
