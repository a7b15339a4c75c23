using System.Net.Sockets;

namespace Cluster.Kubelet.Server.Channels;

/// <summary>An attach: the shim's <c>attach.sock</c> in the container's bundle (same framing as exec) bridged to the client's WebSocket.</summary>
public static class AttachSession
{
    /// <summary>Connects to the container's attach socket (before the client's upgrade is accepted, so a failure is a Status).</summary>
    public static async Task<Socket> ConnectAsync(ContainerTarget target, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(target.AttachSocketPath), ct);
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new StreamingException(500, "InternalError", $"cannot attach to container {target.ContainerName}: {e.Message}");
        }
    }

    public static async Task RunAsync(ChannelBridge bridge, Socket socket, CancellationToken ct)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await bridge.RunAsync(stream, stream, ct);
    }
}
