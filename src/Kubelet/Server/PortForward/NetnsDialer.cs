using System.ComponentModel;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Cluster.Kubelet.Server.PortForward;

/// <summary>
/// Connects to <c>localhost:port</c> inside a pod's network namespace: a dedicated thread (never a pool thread) enters
/// the namespace with setns(2), creates the sockets there and returns to the host's namespace; a socket keeps the
/// namespace it was made in, so it is connected afterwards from anywhere. IPv4 first, then IPv6, as the kubelet tries.
/// A null namespace (hostNetwork pods) connects in the host's namespace.
/// </summary>
public static class NetnsDialer
{
    private const int CloneNewNet = 0x40000000;

    public static async Task<Socket> ConnectAsync(string? netnsPath, int port, CancellationToken ct)
    {
        var (v4, v6) = netnsPath is null ? (NewSocket(AddressFamily.InterNetwork), NewSocket(AddressFamily.InterNetworkV6)) : await CreateInNamespaceAsync(netnsPath);
        try
        {
            await v4.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct);
            v6.Dispose();
            return v4;
        }
        catch (SocketException first)
        {
            v4.Dispose();
            try
            {
                await v6.ConnectAsync(new IPEndPoint(IPAddress.IPv6Loopback, port), ct);
                return v6;
            }
            catch (SocketException second)
            {
                v6.Dispose();
                throw new SocketException((int)first.SocketErrorCode,
                    $"IPv4: dial tcp4 127.0.0.1:{port}: connect: {Describe(first)} IPv6: dial tcp6 [::1]:{port}: connect: {Describe(second)}");
            }
        }
    }

    private static string Describe(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported => "cannot assign requested address",
        _ => e.Message.ToLowerInvariant(),
    };

    private static Socket NewSocket(AddressFamily family) => new(family, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };

    private static Task<(Socket V4, Socket V6)> CreateInNamespaceAsync(string netnsPath)
    {
        var done = new TaskCompletionSource<(Socket, Socket)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                done.SetResult(CreateOnThisThread(netnsPath));
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "netns-dial",
        };
        thread.Start();
        return done.Task;
    }

    private static (Socket, Socket) CreateOnThisThread(string netnsPath)
    {
        using var home = File.OpenHandle("/proc/thread-self/ns/net");
        using var target = OpenNamespace(netnsPath);
        if (setns(target.DangerousGetHandle().ToInt32(), CloneNewNet) != 0)
            throw new IOException($"failed to enter the network namespace {netnsPath}: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}");
        try
        {
            return (NewSocket(AddressFamily.InterNetwork), NewSocket(AddressFamily.InterNetworkV6));
        }
        finally
        {
            // If this fails the thread stays in the pod's namespace; it ends right after, so nothing else runs there.
            _ = setns(home.DangerousGetHandle().ToInt32(), CloneNewNet);
        }
    }

    private static Microsoft.Win32.SafeHandles.SafeFileHandle OpenNamespace(string path)
    {
        try
        {
            return File.OpenHandle(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"failed to open the network namespace {path}: {e.Message}", e);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setns(int fd, int nstype);
}
