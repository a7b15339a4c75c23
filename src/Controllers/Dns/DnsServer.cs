using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Cluster.Controllers.Dns;

/// <summary>
/// The cluster DNS server: answers names in the cluster domain (and PTRs of cluster addresses) from
/// <see cref="ClusterDnsRecords"/> built over the source's current snapshot, forwards every other name to the upstream
/// resolvers, and serves both over UDP and TCP on one port. A UDP answer larger than 512 bytes (or the client's EDNS
/// size) is truncated with TC set. Nothing a client sends can crash it: unreadable queries get FORMERR, failures SERVFAIL.
/// </summary>
public sealed class DnsServer(IClusterDnsSource source, DnsServerOptions options) : IAsyncDisposable
{
    private const ushort ServerUdpSize = 1232;
    private readonly CancellationTokenSource _stopping = new();
    private readonly DnsForwarder _forwarder = new(options.Upstreams ?? ResolvConf.Nameservers(), options.ForwardTimeout);
    private Socket? _udp;
    private Socket? _tcp;
    private Task _loops = Task.CompletedTask;
    private BuiltRecords? _built; // the records of the last stamped snapshot

    /// <summary>The bound address; UDP and TCP share its port.</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint?)_udp?.LocalEndPoint ?? throw new InvalidOperationException("the DNS server has not started");

    /// <summary>Binds UDP and TCP on the configured endpoint (retrying a free port for both when it is 0) and starts serving.</summary>
    public IPEndPoint Start()
    {
        for (var attempt = 0; ; attempt++)
        {
            var udp = new Socket(options.Listen.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            var tcp = new Socket(options.Listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                udp.Bind(options.Listen);
                tcp.Bind(new IPEndPoint(options.Listen.Address, ((IPEndPoint)udp.LocalEndPoint!).Port));
                tcp.Listen(128);
                (_udp, _tcp) = (udp, tcp);
                break;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse && options.Listen.Port == 0 && attempt < 20)
            {
                udp.Dispose();
                tcp.Dispose();
            }
            catch
            {
                udp.Dispose();
                tcp.Dispose();
                throw;
            }
        }
        _loops = Task.WhenAll(Task.Run(() => ServeUdpAsync(_udp, _stopping.Token)), Task.Run(() => ServeTcpAsync(_tcp, _stopping.Token)));
        return LocalEndPoint;
    }

    /// <summary>The reply to one query in wire form, or null when there is nothing to reply (not even an ID).</summary>
    public async Task<byte[]?> HandleAsync(ReadOnlyMemory<byte> query, bool overUdp, CancellationToken cancellationToken)
    {
        var message = DnsMessage.Parse(query.Span);
        if (message is null) return DnsMessage.FormatError(query.Span);
        if (message.IsResponse) return null;
        if (message.Opcode != 0) return message.Reply(DnsRcode.NotImp).ToBytes();
        if (message.Questions.Count != 1) return message.Reply(DnsRcode.FormErr).ToBytes();
        DnsAnswer? answer;
        try
        {
            answer = Records().Answer(message.Questions[0]);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            return message.Reply(DnsRcode.ServFail).ToBytes();
        }
        if (answer is null)
            return await _forwarder.ForwardAsync(query, !overUdp, cancellationToken) ?? message.Reply(DnsRcode.ServFail).ToBytes();
        var reply = message.Reply(answer.Rcode) with
        {
            Authoritative = true,
            Answers = answer.Answers,
            Authorities = answer.Authorities,
            Additionals = message.EdnsUdpSize is null
                ? answer.Additionals
                : [.. answer.Additionals, new DnsRecord("", DnsType.OPT, 0, new RawData([]), ServerUdpSize)],
        };
        var limit = overUdp ? Math.Min(message.EdnsUdpSize ?? DnsMessage.ClassicUdpLimit, ushort.MaxValue) : ushort.MaxValue;
        try
        {
            return reply.ToBytes(limit);
        }
        catch (ArgumentException)
        {
            return message.Reply(DnsRcode.ServFail).ToBytes();
        }
    }

    /// <summary>The records of the source's current snapshot, built again only when its stamp changed.</summary>
    private ClusterDnsRecords Records()
    {
        var stamp = source.Stamp();
        if (stamp is not null && Volatile.Read(ref _built) is { } built && built.Stamp == stamp) return built.Records;
        var records = new ClusterDnsRecords(source.Snapshot(), options.ClusterDomain);
        if (stamp is not null) Volatile.Write(ref _built, new BuiltRecords(stamp, records));
        return records;
    }

    private sealed record BuiltRecords(string Stamp, ClusterDnsRecords Records);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _udp?.Dispose();
        _tcp?.Dispose();
        try
        {
            await _loops;
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // stopping
        }
        _stopping.Dispose();
    }

    private async Task ServeUdpAsync(Socket socket, CancellationToken stopping)
    {
        var buffer = new byte[ushort.MaxValue];
        EndPoint any = new IPEndPoint(options.Listen.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!stopping.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, stopping);
            }
            catch (SocketException) when (!stopping.IsCancellationRequested)
            {
                continue; // e.g. an ICMP unreachable for an earlier reply: keep serving
            }
            var query = buffer.AsSpan(0, received.ReceivedBytes).ToArray();
            _ = ReplyUdpAsync(socket, query, received.RemoteEndPoint, stopping);
        }
    }

    private async Task ReplyUdpAsync(Socket socket, byte[] query, EndPoint client, CancellationToken stopping)
    {
        try
        {
            if (await HandleAsync(query, overUdp: true, stopping) is { } reply)
                await socket.SendToAsync(reply, SocketFlags.None, client, stopping);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // the server stopped or the client went away
        }
    }

    private async Task ServeTcpAsync(Socket listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping);
            }
            catch (SocketException) when (!stopping.IsCancellationRequested)
            {
                continue; // a connection reset before it was accepted: keep serving
            }
            _ = ServeConnectionAsync(client, stopping);
        }
    }

    private async Task ServeConnectionAsync(Socket client, CancellationToken stopping)
    {
        using var _ = client;
        var lengthPrefix = new byte[2];
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                idle.CancelAfter(options.TcpIdleTimeout);
                if (!await ReadExactlyAsync(client, lengthPrefix, idle.Token)) return;
                var query = new byte[BinaryPrimitives.ReadUInt16BigEndian(lengthPrefix)];
                if (!await ReadExactlyAsync(client, query, idle.Token)) return;
                if (await HandleAsync(query, overUdp: false, stopping) is not { } reply) continue;
                var framed = new byte[reply.Length + 2];
                BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)reply.Length);
                reply.CopyTo(framed, 2);
                await client.SendAsync(framed, SocketFlags.None, stopping);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // idle, stopped or the client went away
        }
    }

    private static async Task<bool> ReadExactlyAsync(Socket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var count = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, cancellationToken);
            if (count == 0) return false;
            read += count;
        }
        return true;
    }
}
