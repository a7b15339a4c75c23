using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Cluster.Kubelet.Tests.Network;

/// <summary>
/// Sockets that belong to a named network namespace: created on a short-lived thread that has entered the namespace
/// (setns affects only the calling thread), then usable from anywhere, since a socket keeps the namespace it was made in.
/// </summary>
internal static class NetnsSockets
{
    private const int CloneNewNet = 0x40000000;

    public static Socket Tcp(string netnsName) =>
        CreateIn(netnsName, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));

    private static Socket CreateIn(string netnsName, Func<Socket> create)
    {
        Socket? socket = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var home = File.OpenHandle("/proc/thread-self/ns/net");
                using var target = File.OpenHandle($"/var/run/netns/{netnsName}");
                Enter(target.DangerousGetHandle().ToInt32());
                try
                {
                    socket = create();
                }
                finally
                {
                    Enter(home.DangerousGetHandle().ToInt32());
                }
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        return failure is null ? socket! : throw new InvalidOperationException($"no socket in netns {netnsName}", failure);
    }

    private static void Enter(int fd)
    {
        if (setns(fd, CloneNewNet) != 0) throw new InvalidOperationException($"setns failed: errno {Marshal.GetLastPInvokeError()}");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setns(int fd, int nstype);
}
