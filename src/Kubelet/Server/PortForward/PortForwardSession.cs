using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Cluster.Kubelet.Server.Spdy;
using Microsoft.Extensions.Logging;

namespace Cluster.Kubelet.Server.PortForward;

/// <summary>
/// One <c>portforward.k8s.io</c> session over SPDY: for every forwarded connection the client opens an error stream and
/// a data stream with the same <c>requestID</c> and <c>port</c>; once both are there the data stream is joined to a TCP
/// connection to that port inside the pod. A failure to connect is written to the error stream (kubectl prints it). The
/// pairing table is touched only from the connection's read loop (the <c>accepted</c> callback).
/// </summary>
public sealed partial class PortForwardSession(string podDescription, PodTarget pod, ILogger logger)
{
    private readonly Dictionary<string, (SpdyStream? Error, SpdyStream? Data)> _pending = new(StringComparer.Ordinal);

    public async Task RunAsync(Stream transport, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        await using var connection = new SpdyConnection(transport, stream => AcceptAsync(stream, stop.Token), logger);
        try
        {
            await connection.RunAsync(stop.Token);
        }
        finally
        {
            await stop.CancelAsync(); // the session is over: forwarded connections end with it
        }
    }

    private async Task AcceptAsync(SpdyStream stream, CancellationToken ct)
    {
        var type = stream.Header("streamtype");
        var requestId = stream.Header("requestid") ?? "";
        if (type is not ("error" or "data") || !int.TryParse(stream.Header("port"), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            await TryAsync(() => stream.ResetAsync(ct));
            return;
        }

        _pending.TryGetValue(requestId, out var pair);
        pair = type == "error" ? pair with { Error = stream } : pair with { Data = stream };
        if (pair.Error is null || pair.Data is null)
        {
            _pending[requestId] = pair;
            return;
        }
        _pending.Remove(requestId);
        await Task.Yield(); // forward off the connection's read loop
        await ForwardAsync(pair.Error, pair.Data, port, ct);
    }

    private async Task ForwardAsync(SpdyStream error, SpdyStream data, int port, CancellationToken ct)
    {
        Socket socket;
        try
        {
            socket = await NetnsDialer.ConnectAsync(pod.NetnsPath, port, ct);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            var message = $"error forwarding port {port} to pod {podDescription}, uid {pod.PodUid}: {e.Message}";
            LogForwardFailed(logger, message);
            await TryAsync(async () =>
            {
                await error.WriteAsync(Encoding.UTF8.GetBytes(message), ct);
                await error.CloseAsync(ct);
                await data.CloseAsync(ct);
            });
            return;
        }

        using (socket)
        await using (var network = new NetworkStream(socket, ownsSocket: false))
        {
            using var done = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var toPod = CopyToPodAsync(data, network, socket, done.Token);
            // The pod's side ending ends the forwarded connection (as the kubelet does): FIN to the client.
            await TryAsync(async () =>
            {
                var buffer = new byte[32 * 1024];
                int read;
                while ((read = await network.ReadAsync(buffer, done.Token)) > 0) await data.WriteAsync(buffer.AsMemory(0, read), done.Token);
            });
            await TryAsync(() => data.CloseAsync(ct));
            await TryAsync(() => error.CloseAsync(ct));
            await done.CancelAsync();
            await TryAsync(() => toPod);
        }
    }

    private static async Task CopyToPodAsync(SpdyStream data, NetworkStream network, Socket socket, CancellationToken ct)
    {
        await data.Input.CopyToAsync(network, ct);
        socket.Shutdown(SocketShutdown.Send); // the client finished sending: half-close towards the pod
    }

    private static async Task TryAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or System.Net.WebSockets.WebSocketException)
        {
            // The client, the pod's side or the session went away; the other side learns it from its own end.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Message}")]
    private static partial void LogForwardFailed(ILogger logger, string message);
}
