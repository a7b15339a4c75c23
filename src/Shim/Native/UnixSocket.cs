using System.Runtime.InteropServices;
using System.Text;

namespace Cluster.Shim.Native;

/// <summary>Listening unix stream sockets on raw descriptors, and receiving a descriptor over one (SCM_RIGHTS).</summary>
internal static class UnixSocket
{
    private const int MaxPathBytes = 107;

    /// <summary>Binds and listens on <paramref name="path"/> (replacing a stale socket file), mode 0600.</summary>
    public static int Listen(string path, bool nonBlocking = false)
    {
        var pathBytes = Encoding.UTF8.GetBytes(path);
        if (pathBytes.Length > MaxPathBytes) throw new ShimException($"socket path longer than {MaxPathBytes} bytes: {path}");
        var fd = Libc.socket(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC | (nonBlocking ? Libc.SOCK_NONBLOCK : 0), 0);
        if (fd < 0) throw ShimException.FromErrno("socket");
        try
        {
            File.Delete(path);
            var address = new byte[2 + pathBytes.Length + 1];
            address[0] = Libc.AF_UNIX;
            pathBytes.CopyTo(address, 2);
            if (Libc.bind(fd, address, address.Length) != 0) throw ShimException.FromErrno($"bind {path}");
            // Before listen, so no one can connect while the mode is still the umask's.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            if (Libc.listen(fd, 16) != 0) throw ShimException.FromErrno($"listen {path}");
            return fd;
        }
        catch
        {
            Fd.Close(fd);
            throw;
        }
    }

    /// <summary>Accepts one connection (blocking, unless the socket is non-blocking); -1 if none or on error.</summary>
    public static int Accept(int listenFd)
    {
        while (true)
        {
            var fd = Libc.accept4(listenFd, IntPtr.Zero, IntPtr.Zero, Libc.SOCK_CLOEXEC);
            if (fd >= 0 || Libc.Errno != Libc.EINTR) return fd;
        }
    }

    /// <summary>Receives one descriptor sent with SCM_RIGHTS (as runc sends a pty master to --console-socket).</summary>
    public static int ReceiveFd(int connectionFd)
    {
        const int DataSize = 4096, ControlSize = 64, HeaderSize = 56, IovSize = 16;
        var block = Marshal.AllocHGlobal(HeaderSize + IovSize + DataSize + ControlSize);
        try
        {
            Marshal.Copy(new byte[HeaderSize + IovSize + DataSize + ControlSize], 0, block, HeaderSize + IovSize + DataSize + ControlSize);
            var iov = block + HeaderSize;
            var data = iov + IovSize;
            var control = data + DataSize;
            Marshal.WriteIntPtr(iov, 0, data);
            Marshal.WriteInt64(iov, 8, DataSize);
            // struct msghdr (x86-64/arm64): name, namelen(+pad), iov, iovlen, control, controllen, flags(+pad).
            Marshal.WriteIntPtr(block, 16, iov);
            Marshal.WriteInt64(block, 24, 1);
            Marshal.WriteIntPtr(block, 32, control);
            Marshal.WriteInt64(block, 40, ControlSize);
            nint n;
            do n = Libc.recvmsg(connectionFd, block, MsgCmsgCloexec);
            while (n < 0 && Libc.Errno == Libc.EINTR);
            if (n < 0) throw ShimException.FromErrno("recvmsg");
            // struct cmsghdr: len (size_t), level (int), type (int), data.
            var controlLength = Marshal.ReadInt64(block, 40);
            if (controlLength < 20) throw new ShimException("the console socket's peer sent no descriptor");
            var level = Marshal.ReadInt32(control, 8);
            var type = Marshal.ReadInt32(control, 12);
            if (level != Libc.SOL_SOCKET || type != Libc.SCM_RIGHTS) throw new ShimException("the console socket's peer sent no descriptor");
            return Marshal.ReadInt32(control, 16);
        }
        finally
        {
            Marshal.FreeHGlobal(block);
        }
    }

    private const int MsgCmsgCloexec = 0x40000000;
}
