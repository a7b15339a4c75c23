using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Cluster.Kubelet.Server.Channels;
using Cluster.Shim.Framing;

namespace Cluster.Kubelet.Tests.Server;

/// <summary>
/// The v4/v5 channel protocol against the shim framing: a client WebSocket on one side, the shim's two byte streams
/// (driven here by the test, frame by frame) on the other.
/// </summary>
public sealed class ChannelBridgeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Shim_frames_round_trip()
    {
        using var stream = new MemoryStream();
        await ShimFrame.WriteAsync(stream, FrameType.Stdout, "hi\n"u8.ToArray(), CancellationToken.None);
        await ShimFrame.WriteAsync(stream, FrameType.StdinClose, ReadOnlyMemory<byte>.Empty, CancellationToken.None);
        Assert.Equal("0100000003" + "68690A" + "0500000000", Convert.ToHexString(stream.ToArray()));
        stream.Position = 0;
        var first = await ShimFrame.ReadAsync(stream, CancellationToken.None);
        Assert.Equal(FrameType.Stdout, first!.Value.Type);
        Assert.Equal("hi\n", Encoding.ASCII.GetString(first.Value.Payload.Span));
        Assert.Equal(FrameType.StdinClose, (await ShimFrame.ReadAsync(stream, CancellationToken.None))!.Value.Type);
        Assert.Null(await ShimFrame.ReadAsync(stream, CancellationToken.None));
    }

    [Fact]
    public void The_v5_protocol_is_preferred_and_unknown_ones_are_refused()
    {
        Assert.Equal(StreamChannel.V5, StreamChannel.Negotiate(["v4.channel.k8s.io, v5.channel.k8s.io"]));
        Assert.Equal(StreamChannel.V4, StreamChannel.Negotiate(["v4.channel.k8s.io"]));
        Assert.Null(StreamChannel.Negotiate(["channel.k8s.io", "base64.channel.k8s.io"]));
    }

    [Fact]
    public void A_non_zero_exit_is_a_NonZeroExitCode_failure_with_the_code_as_cause()
    {
        var status = ExitStatus.FromExitFrame("{\"exitCode\":3}"u8);
        Assert.Equal("Failure", status["status"]!.GetValue<string>());
        Assert.Equal("NonZeroExitCode", status["reason"]!.GetValue<string>());
        Assert.Equal("ExitCode", status["details"]!["causes"]![0]!["reason"]!.GetValue<string>());
        Assert.Equal("3", status["details"]!["causes"]![0]!["message"]!.GetValue<string>());
        Assert.Equal("Success", ExitStatus.FromExitFrame("{\"exitCode\":0}"u8)["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Stdin_resize_and_the_v5_close_signal_reach_the_shim_and_output_and_exit_reach_the_client()
    {
        await using var pair = await SocketPair.StartAsync(StreamChannel.V5, new StreamRequest(Stdin: true, Stdout: true, Stderr: true, Tty: false));
        await pair.Client.SendAsync(StreamChannel.Message(StreamChannel.Stdin, "input"u8), WebSocketMessageType.Binary, true, CancellationToken.None);
        await pair.Client.SendAsync(new byte[] { StreamChannel.Close, StreamChannel.Stdin }, WebSocketMessageType.Binary, true, CancellationToken.None);

        var stdin = await pair.ReadShimAsync();
        Assert.Equal(FrameType.Stdin, stdin.Type);
        Assert.Equal("input", Encoding.ASCII.GetString(stdin.Payload.Span));
        Assert.Equal(FrameType.StdinClose, (await pair.ReadShimAsync()).Type);

        await pair.WriteShimAsync(FrameType.Stdout, "out"u8.ToArray());
        await pair.WriteShimAsync(FrameType.Stderr, "err"u8.ToArray());
        await pair.WriteShimAsync(FrameType.Exit, "{\"exitCode\":3}"u8.ToArray());

        Assert.Equal("01" + Convert.ToHexString("out"u8), Convert.ToHexString(await pair.ReceiveAsync()));
        Assert.Equal("02" + Convert.ToHexString("err"u8), Convert.ToHexString(await pair.ReceiveAsync()));
        var status = await pair.ReceiveAsync();
        Assert.Equal(StreamChannel.Error, status[0]);
        Assert.Equal("NonZeroExitCode", JsonNode.Parse(status.AsSpan(1))!["reason"]!.GetValue<string>());
        Assert.Null(await pair.ReceiveOrCloseAsync()); // then the server closes
    }

    [Fact]
    public async Task Resize_messages_are_passed_on_only_with_a_tty_and_without_their_newline()
    {
        await using var pair = await SocketPair.StartAsync(StreamChannel.V5, new StreamRequest(Stdin: true, Stdout: true, Stderr: false, Tty: true));
        await pair.Client.SendAsync(StreamChannel.Message(StreamChannel.Resize, "{\"Width\":120,\"Height\":40}\n"u8), WebSocketMessageType.Binary, true, CancellationToken.None);
        var resize = await pair.ReadShimAsync();
        Assert.Equal(FrameType.Resize, resize.Type);
        Assert.Equal("{\"Width\":120,\"Height\":40}", Encoding.ASCII.GetString(resize.Payload.Span));
    }

    /// <summary>A bridge between a client WebSocket (over loopback TCP) and two pipes standing for the shim's stdio.</summary>
    private sealed class SocketPair : IAsyncDisposable
    {
        private readonly System.IO.Pipelines.Pipe _toShim = new();
        private readonly System.IO.Pipelines.Pipe _fromShim = new();
        private readonly Task _bridge;
        private readonly TcpListener _listener;

        private SocketPair(WebSocket client, WebSocket server, string protocol, StreamRequest streams, TcpListener listener)
        {
            Client = client;
            _listener = listener;
            _bridge = Task.Run(() => new ChannelBridge(server, protocol, streams, reportExitCode: true)
                .RunAsync(_toShim.Writer.AsStream(), _fromShim.Reader.AsStream(), CancellationToken.None));
        }

        public WebSocket Client { get; }

        public static async Task<SocketPair> StartAsync(string protocol, StreamRequest streams)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var clientTcp = new TcpClient();
            await clientTcp.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
            var serverTcp = await listener.AcceptTcpClientAsync();
            var server = WebSocket.CreateFromStream(serverTcp.GetStream(), isServer: true, protocol, Timeout.InfiniteTimeSpan);
            var client = WebSocket.CreateFromStream(clientTcp.GetStream(), isServer: false, protocol, Timeout.InfiniteTimeSpan);
            return new SocketPair(client, server, protocol, streams, listener);
        }

        public async Task<ShimFrame> ReadShimAsync()
        {
            using var timeout = new CancellationTokenSource(Patience);
            return await ShimFrame.ReadAsync(_toShim.Reader.AsStream(leaveOpen: true), timeout.Token) ?? throw new EndOfStreamException();
        }

        public Task WriteShimAsync(FrameType type, byte[] payload) =>
            ShimFrame.WriteAsync(_fromShim.Writer.AsStream(leaveOpen: true), type, payload, CancellationToken.None).AsTask();

        public async Task<byte[]> ReceiveAsync() => await ReceiveOrCloseAsync() ?? throw new EndOfStreamException("closed");

        public async Task<byte[]?> ReceiveOrCloseAsync()
        {
            using var timeout = new CancellationTokenSource(Patience);
            var buffer = new byte[64 * 1024];
            var result = await Client.ReceiveAsync(buffer, timeout.Token);
            return result.MessageType == WebSocketMessageType.Close ? null : buffer[..result.Count];
        }

        public async ValueTask DisposeAsync()
        {
            if (Client.State is WebSocketState.Open or WebSocketState.CloseReceived)
                await Client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            await _fromShim.Writer.CompleteAsync();
            await _bridge.WaitAsync(Patience);
            Client.Dispose();
            _listener.Stop();
            _listener.Dispose();
        }
    }
}
