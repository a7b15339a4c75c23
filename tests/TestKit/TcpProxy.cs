using System.Net;
using System.Net.Sockets;

namespace Cluster.TestKit;

/// <summary>
/// A loopback TCP proxy to one target, for network-fault tests: <see cref="Blackhole"/> makes the link silent (bytes
/// are dropped both ways and new connections hang, as in a partition), <see cref="Restore"/> heals it, and
/// <see cref="CutAll"/> resets every open connection. Point a client at <see cref="Url"/>.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new(); // guards _connections
    private readonly List<(TcpClient Client, TcpClient? Upstream)> _connections = [];
    private readonly Task _accepting;
    private volatile bool _blackholed;

    public TcpProxy(Uri target)
    {
        _target = new IPEndPoint(IPAddress.Parse(target.Host.Trim('[', ']')), target.Port);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Url = new UriBuilder(target) { Host = "127.0.0.1", Port = ((IPEndPoint)_listener.LocalEndpoint).Port }.Uri;
        _accepting = AcceptAsync();
    }

    /// <summary>The target's URL with the proxy's port.</summary>
    public Uri Url { get; }

    public void Blackhole() => _blackholed = true;

    public void Restore() => _blackholed = false;

    public void CutAll()
    {
        lock (_lock)
        {
            foreach (var (client, upstream) in _connections)
            {
                client.Client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                upstream?.Dispose();
            }
            _connections.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        CutAll();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        TcpClient? upstream = null;
        try
        {
            while (_blackholed && !_stop.IsCancellationRequested) await Task.Delay(50, _stop.Token); // a SYN into the void
            upstream = new TcpClient();
            await upstream.ConnectAsync(_target, _stop.Token);
            lock (_lock) _connections.Add((client, upstream));
            await Task.WhenAny(PumpAsync(client.GetStream(), upstream.GetStream()), PumpAsync(upstream.GetStream(), client.GetStream()));
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            lock (_lock) _connections.RemoveAll(c => c.Client == client);
            client.Dispose();
            upstream?.Dispose();
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, _stop.Token);
                if (read == 0) return;
                if (_blackholed) continue; // dropped on the floor
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
