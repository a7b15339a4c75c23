using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cluster.Kubelet.Tests.Network;

/// <summary>
/// A TCP server inside a pod's netns that answers every connection with "hello &lt;peer address&gt;" and closes, so a test
/// sees both that it got through and which source address the pod saw.
/// </summary>
internal sealed class PodListener : IDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();

    public PodListener(string netns, int port)
    {
        _socket = NetnsSockets.Tcp(netns);
        _socket.Bind(new IPEndPoint(IPAddress.Any, port));
        _socket.Listen();
        _ = ServeAsync();
    }

    /// <summary>Connects to <paramref name="target"/> with <paramref name="client"/> and returns the greeting.</summary>
    public static async Task<string> GreetingAsync(Socket client, IPEndPoint target)
    {
        using (client)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await client.ConnectAsync(target, timeout.Token);
            using var stream = new NetworkStream(client);
            using var reader = new StreamReader(stream, Encoding.ASCII);
            return await reader.ReadToEndAsync(timeout.Token);
        }
    }

    private async Task ServeAsync()
    {
        try
        {
            while (true)
            {
                using var peer = await _socket.AcceptAsync(_stop.Token);
                await peer.SendAsync(Encoding.ASCII.GetBytes($"hello {((IPEndPoint)peer.RemoteEndPoint!).Address}"), _stop.Token);
                peer.Shutdown(SocketShutdown.Both);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _stop.Dispose();
    }
}
