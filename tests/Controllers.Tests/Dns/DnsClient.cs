using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Cluster.Controllers.Dns;

namespace Cluster.Controllers.Tests.Dns;

/// <summary>Sends queries written by our own codec over real sockets; the timeout only bounds a broken server.</summary>
internal static class DnsClient
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    public static DnsMessage Query(string name, DnsType type, ushort id = 0x4242, int? ednsSize = null) => new()
    {
        Id = id,
        RecursionDesired = true,
        Questions = [new DnsQuestion(name, type)],
        Additionals = ednsSize is { } size ? [new DnsRecord("", DnsType.OPT, 0, new RawData([]), (ushort)size)] : [],
    };

    public static async Task<byte[]> UdpRawAsync(IPEndPoint server, byte[] packet)
    {
        using var timeout = new CancellationTokenSource(Bound);
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(server, timeout.Token);
        await socket.SendAsync(packet, SocketFlags.None, timeout.Token);
        var buffer = new byte[ushort.MaxValue];
        var received = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return buffer.AsSpan(0, received).ToArray();
    }

    public static async Task<DnsMessage> UdpAsync(IPEndPoint server, DnsMessage query) =>
        DnsMessage.Parse(await UdpRawAsync(server, query.ToBytes())) ?? throw new InvalidDataException("unreadable reply");

    public static async Task<DnsMessage> TcpAsync(IPEndPoint server, DnsMessage query)
    {
        using var timeout = new CancellationTokenSource(Bound);
        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server, timeout.Token);
        var bytes = query.ToBytes();
        var framed = new byte[bytes.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)bytes.Length);
        bytes.CopyTo(framed, 2);
        await socket.SendAsync(framed, SocketFlags.None, timeout.Token);
        using var stream = new NetworkStream(socket);
        var prefix = new byte[2];
        await stream.ReadExactlyAsync(prefix, timeout.Token);
        var reply = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
        await stream.ReadExactlyAsync(reply, timeout.Token);
        return DnsMessage.Parse(reply) ?? throw new InvalidDataException("unreadable reply");
    }
}
