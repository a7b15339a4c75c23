using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Cluster.Kubelet.Server;
using Cluster.Kubelet.Server.PortForward;
using Cluster.Kubelet.Server.Spdy;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Kubelet.Tests.Server;

/// <summary>A port-forward session over SPDY in a WebSocket, driven as kubectl drives it, to a listener on the host (a hostNetwork pod).</summary>
public sealed class PortForwardSessionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_data_stream_is_joined_to_the_pods_port_and_ends_when_the_pod_side_closes()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var echo = Task.Run(async () =>
        {
            using var accepted = await listener.AcceptTcpClientAsync();
            var stream = accepted.GetStream();
            var buffer = new byte[5];
            await stream.ReadExactlyAsync(buffer);
            await stream.WriteAsync(Encoding.ASCII.GetBytes("got " + Encoding.ASCII.GetString(buffer)));
        });

        await using var peer = await SessionPeer.StartAsync(new PodTarget("uid-1", NetnsPath: null));
        await peer.OpenAsync(1, "error", port, "0");
        await peer.OpenAsync(3, "data", port, "0");
        await peer.SendAsync(SpdyFrame.Data(3, "hello"u8, fin: false));

        var (data, errors) = await peer.ReadUntilFinAsync(dataStream: 3, errorStream: 1);
        Assert.Equal("got hello", data);
        Assert.Equal("", errors);
        await echo;
    }

    [Fact]
    public async Task A_refused_connection_is_reported_on_the_error_stream()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now

        await using var peer = await SessionPeer.StartAsync(new PodTarget("uid-2", NetnsPath: null));
        await peer.OpenAsync(1, "error", port, "7");
        await peer.OpenAsync(3, "data", port, "7");
        var (_, errors) = await peer.ReadUntilFinAsync(dataStream: 3, errorStream: 1);
        Assert.StartsWith($"error forwarding port {port} to pod web_default, uid uid-2: ", errors, StringComparison.Ordinal);
        Assert.Contains("connection refused", errors, StringComparison.Ordinal);
    }

    /// <summary>kubectl's side: a client WebSocket over loopback TCP, writing SPDY frames and reading the server's.</summary>
    private sealed class SessionPeer : IAsyncDisposable
    {
        private readonly WebSocket _client;
        private readonly Stream _transport;
        private readonly Task _session;
        private readonly TcpListener _listener;
        private readonly SpdyHeaderEncoder _encoder = new();
        private readonly SpdyHeaderDecoder _decoder = new();

        private SessionPeer(WebSocket client, Task session, TcpListener listener)
        {
            _client = client;
            _transport = WebSocketStream.Create(client, WebSocketMessageType.Binary);
            _session = session;
            _listener = listener;
        }

        public static async Task<SessionPeer> StartAsync(PodTarget pod)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var clientTcp = new TcpClient();
            await clientTcp.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
            var serverTcp = await listener.AcceptTcpClientAsync();
            var server = WebSocket.CreateFromStream(serverTcp.GetStream(), isServer: true, null, Timeout.InfiniteTimeSpan);
            var client = WebSocket.CreateFromStream(clientTcp.GetStream(), isServer: false, null, Timeout.InfiniteTimeSpan);
            var session = Task.Run(async () =>
            {
                await using var transport = WebSocketStream.Create(server, WebSocketMessageType.Binary);
                await new PortForwardSession("web_default", pod, NullLogger.Instance).RunAsync(transport, CancellationToken.None);
            });
            return new SessionPeer(client, session, listener);
        }

        public async Task OpenAsync(uint id, string type, int port, string requestId)
        {
            var block = _encoder.Encode(new Dictionary<string, string> { ["streamType"] = type, ["port"] = $"{port}", ["requestID"] = requestId });
            await SendAsync(SpdyFrame.SynStream(id, type == "error" ? SpdyFrame.FlagFin : (byte)0, block));
            var reply = await ReadAsync();
            Assert.True(reply.IsControl);
            Assert.Equal(SpdyFrameType.SynReply, reply.Type);
            Assert.Equal(id, reply.StreamId);
            Assert.Empty(await _decoder.DecodeAsync(reply.ReplyHeaderBlock, CancellationToken.None));
        }

        public async Task SendAsync(byte[] frame)
        {
            await _transport.WriteAsync(frame);
            await _transport.FlushAsync();
        }

        public async Task<SpdyFrame> ReadAsync()
        {
            using var timeout = new CancellationTokenSource(Patience);
            return await SpdyFrame.ReadAsync(_transport, timeout.Token) ?? throw new EndOfStreamException("the session ended");
        }

        /// <summary>What arrives on the data and error streams until both have been closed by the server.</summary>
        public async Task<(string Data, string Errors)> ReadUntilFinAsync(uint dataStream, uint errorStream)
        {
            var data = new StringBuilder();
            var errors = new StringBuilder();
            var open = new HashSet<uint> { dataStream, errorStream };
            while (open.Count > 0)
            {
                var frame = await ReadAsync();
                if (frame.IsControl) continue;
                (frame.StreamId == dataStream ? data : errors).Append(Encoding.UTF8.GetString(frame.Payload.Span));
                if (frame.Fin) open.Remove(frame.StreamId);
            }
            return (data.ToString(), errors.ToString());
        }

        public async ValueTask DisposeAsync()
        {
            await SendAsync(SpdyFrame.GoAway(0, 0));
            await _client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            await _session.WaitAsync(Patience);
            await _decoder.DisposeAsync();
            _client.Dispose();
            _listener.Stop();
            _listener.Dispose();
        }
    }
}
