using System.Net.WebSockets;
using Cluster.Shim.Framing;

namespace Cluster.Kubelet.Server.Channels;

/// <summary>
/// Joins a client's remote-command WebSocket (v4/v5 channel protocol) to a shim speaking <see cref="ShimFrame"/>s:
/// stdin, resize and (v5) stdin-close go to the shim; stdout and stderr come back on their channels; the shim's exit
/// frame becomes the status on the error channel, after which the WebSocket is closed. Ends when the shim's stream ends
/// or the client goes away. One task receives and one sends, as a WebSocket allows.
/// </summary>
public sealed class ChannelBridge(WebSocket socket, string protocol, StreamRequest streams, bool reportExitCode)
{
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    public async Task RunAsync(Stream toShim, Stream fromShim, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var receiving = ClientToShimAsync(toShim, stop.Token);
        try
        {
            await ShimToClientAsync(fromShim, stop.Token);
            // Let the client answer the close; a client that never does is cut off after a grace period.
            await receiving.WaitAsync(CloseGrace, ct);
        }
        catch (Exception e) when (e is TimeoutException or WebSocketException or IOException or OperationCanceledException)
        {
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await receiving;
            }
            catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }

    private async Task ShimToClientAsync(Stream fromShim, CancellationToken ct)
    {
        System.Text.Json.Nodes.JsonObject status;
        try
        {
            while (true)
            {
                if (await ShimFrame.ReadAsync(fromShim, ct) is not { } frame)
                {
                    status = reportExitCode ? ExitStatus.Error("the container runtime ended the session without an exit status") : ExitStatus.Success();
                    break;
                }
                if (frame.Type == FrameType.Exit)
                {
                    status = reportExitCode ? ExitStatus.FromExitFrame(frame.Payload.Span) : ExitStatus.Success();
                    break;
                }
                var channel = frame.Type switch
                {
                    FrameType.Stdout when streams.Stdout => StreamChannel.Stdout,
                    FrameType.Stderr when streams.Stderr => StreamChannel.Stderr,
                    FrameType.Stderr when streams.Tty && streams.Stdout => StreamChannel.Stdout,
                    _ => (byte?)null,
                };
                if (channel is { } c && !frame.Payload.IsEmpty)
                    await socket.SendAsync(StreamChannel.Message(c, frame.Payload.Span), WebSocketMessageType.Binary, true, ct);
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            status = ExitStatus.Error($"the container runtime's stream failed: {e.Message}");
        }

        await socket.SendAsync(StreamChannel.Message(StreamChannel.Error, System.Text.Encoding.UTF8.GetBytes(status.ToJsonString())),
            WebSocketMessageType.Binary, true, ct);
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
    }

    private async Task ClientToShimAsync(Stream toShim, CancellationToken ct)
    {
        var stdinOpen = streams.Stdin;
        try
        {
            while (await ReceiveMessageAsync(ct) is { } message)
            {
                if (message.Length == 0) continue; // upstream ignores empty messages
                var payload = message.AsMemory(1);
                switch (message[0])
                {
                    case StreamChannel.Stdin when stdinOpen && payload.Length > 0:
                        await ShimFrame.WriteAsync(toShim, FrameType.Stdin, payload, ct);
                        break;
                    case StreamChannel.Resize when streams.Tty:
                        await ShimFrame.WriteAsync(toShim, FrameType.Resize, TrimWhitespace(payload), ct);
                        break;
                    case StreamChannel.Close when protocol == StreamChannel.V5 && payload.Length == 1 && payload.Span[0] == StreamChannel.Stdin && stdinOpen:
                        stdinOpen = false;
                        await ShimFrame.WriteAsync(toShim, FrameType.StdinClose, ReadOnlyMemory<byte>.Empty, ct);
                        break;
                }
            }
        }
        catch (IOException)
        {
            // The shim is gone; its end (or its absence of an exit frame) is reported by the other direction.
        }
        if (stdinOpen)
        {
            try
            {
                await ShimFrame.WriteAsync(toShim, FrameType.StdinClose, ReadOnlyMemory<byte>.Empty, ct);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>The next whole message (fragments joined), or null once the client closes.</summary>
    private async Task<byte[]?> ReceiveMessageAsync(CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, ct);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage) return message.ToArray();
        }
    }

    private static ReadOnlyMemory<byte> TrimWhitespace(ReadOnlyMemory<byte> data)
    {
        var span = data.Span;
        var end = span.Length;
        while (end > 0 && span[end - 1] is (byte)'\n' or (byte)'\r' or (byte)' ') end--;
        return data[..end];
    }
}
