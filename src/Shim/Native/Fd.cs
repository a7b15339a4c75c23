using System.Runtime.InteropServices;

namespace Cluster.Shim.Native;

/// <summary>Blocking reads and writes on raw file descriptors, retried on EINTR; the shim's only I/O primitive.</summary>
internal static class Fd
{
    /// <summary>Reads what is available (blocking until something is); 0 at end of file. A pty master whose other
    /// side has closed reports EIO, which is end of file too; other errors are end of file as well, since nothing more
    /// can come.</summary>
    public static int Read(int fd, Span<byte> buffer)
    {
        while (true)
        {
            var n = Libc.read(fd, ref MemoryMarshal.GetReference(buffer), buffer.Length);
            if (n >= 0) return (int)n;
            if (Libc.Errno != Libc.EINTR) return 0;
        }
    }

    /// <summary>Reads exactly buffer.Length bytes; false if the input ended first.</summary>
    public static bool ReadExactly(int fd, Span<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            var n = Read(fd, buffer);
            if (n == 0) return false;
            buffer = buffer[n..];
        }
        return true;
    }

    /// <summary>Writes all of <paramref name="data"/>; false if the descriptor failed (a closed pipe, a gone client).</summary>
    public static bool WriteAll(int fd, ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            var n = Libc.write(fd, ref MemoryMarshal.GetReference(data), data.Length);
            if (n < 0)
            {
                if (Libc.Errno == Libc.EINTR) continue;
                return false;
            }
            data = data[(int)n..];
        }
        return true;
    }

    public static void Close(int fd)
    {
        if (fd >= 0) _ = Libc.close(fd);
    }

    /// <summary>A close-on-exec pipe: (read end, write end).</summary>
    public static (int Read, int Write) Pipe()
    {
        var fds = new int[2];
        if (Libc.pipe2(fds, Libc.O_CLOEXEC) != 0) throw ShimException.FromErrno("pipe2");
        return (fds[0], fds[1]);
    }

    public static int OpenDevNull()
    {
        var fd = Libc.open(Libc.CString("/dev/null"), Libc.O_RDWR | Libc.O_CLOEXEC, 0);
        if (fd < 0) throw ShimException.FromErrno("open /dev/null");
        return fd;
    }

    /// <summary>Waits up to <paramref name="timeoutMs"/> for <paramref name="fd"/> to become readable.</summary>
    public static bool WaitReadable(int fd, int timeoutMs)
    {
        var pollFd = new byte[8];
        BitConverter.TryWriteBytes(pollFd.AsSpan(0, 4), fd);
        BitConverter.TryWriteBytes(pollFd.AsSpan(4, 2), Libc.POLLIN);
        while (true)
        {
            var n = Libc.poll(pollFd, 1, timeoutMs);
            if (n >= 0) return n > 0;
            if (Libc.Errno != Libc.EINTR) return false;
        }
    }
}
