using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Cluster.Controllers.Dns;

/// <summary>
/// Relays a query, byte for byte, to upstream resolvers over UDP, one after another with a timeout each, under a fresh
/// random ID (so a spoofed reply has to guess it); the first reply to come back is returned with the client's ID.
/// A truncated reply to a client that asked over TCP is asked again of the same upstream over TCP.
/// </summary>
internal sealed class DnsForwarder(IReadOnlyList<IPEndPoint> upstreams, TimeSpan timeout)
{
    public async Task<byte[]?> ForwardAsync(ReadOnlyMemory<byte> query, bool overTcp, CancellationToken cancellationToken)
    {
        if (query.Length < DnsMessage.HeaderLength) return null;
        var clientId = BinaryPrimitives.ReadUInt16BigEndian(query.Span);
        foreach (var upstream in upstreams)
        {
            try
            {
                var reply = await AskAsync(upstream, query, cancellationToken);
                if (reply is not null && overTcp && (reply[2] & 0x02) != 0) reply = await AskOverTcpAsync(upstream, query, cancellationToken) ?? reply;
                if (reply is not null)
                {
                    DnsMessage.SetId(reply, clientId);
                    return reply;
                }
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // this upstream is down or slow: try the next one
            }
        }
        return null;
    }

    private async Task<byte[]?> AskAsync(IPEndPoint upstream, ReadOnlyMemory<byte> query, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        using var socket = new Socket(upstream.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(upstream, timeoutSource.Token);
        var id = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
        var outgoing = query.ToArray();
        DnsMessage.SetId(outgoing, id);
        await socket.SendAsync(outgoing, SocketFlags.None, timeoutSource.Token);
        var buffer = new byte[ushort.MaxValue];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, SocketFlags.None, timeoutSource.Token);
            if (received >= DnsMessage.HeaderLength && BinaryPrimitives.ReadUInt16BigEndian(buffer) == id && (buffer[2] & 0x80) != 0)
                return buffer.AsSpan(0, received).ToArray();
        }
    }

    private async Task<byte[]?> AskOverTcpAsync(IPEndPoint upstream, ReadOnlyMemory<byte> query, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        using var socket = new Socket(upstream.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(upstream, timeoutSource.Token);
        var id = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
        var framed = new byte[query.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)query.Length);
        query.Span.CopyTo(framed.AsSpan(2));
        DnsMessage.SetId(framed.AsSpan(2), id);
        await socket.SendAsync(framed, SocketFlags.None, timeoutSource.Token);
        await using var stream = new NetworkStream(socket);
        var prefix = new byte[2];
        await stream.ReadExactlyAsync(prefix, timeoutSource.Token);
        var reply = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
        await stream.ReadExactlyAsync(reply, timeoutSource.Token);
        return reply.Length >= DnsMessage.HeaderLength && BinaryPrimitives.ReadUInt16BigEndian(reply) == id ? reply : null;
    }
}
