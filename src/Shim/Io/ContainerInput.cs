using System.Buffers.Binary;
using Cluster.Shim.Native;

namespace Cluster.Shim.Io;

/// <summary>
/// Where stdin frames go: the write end of the container's stdin pipe, or the pty master with a tty (which also
/// takes resizes). Thread-safe: several attach clients may write; the first stdin close wins for all of them.
/// </summary>
internal sealed class ContainerInput(int fd, bool tty)
{
    private readonly Lock gate = new(); // guards fd and closed
    private bool closed = fd < 0;

    public void Write(ReadOnlySpan<byte> data)
    {
        lock (gate)
        {
            if (closed) return;
            if (!Fd.WriteAll(fd, data) && !tty) CloseLocked();
        }
    }

    /// <summary>Ends the input: closes the pipe, or with a tty sends the terminal's end-of-file character (^D).</summary>
    public void Close()
    {
        lock (gate)
        {
            if (closed) return;
            if (tty)
            {
                Fd.WriteAll(fd, [4]);
                closed = true;
            }
            else CloseLocked();
        }
    }

    public void Resize(ushort width, ushort height)
    {
        if (!tty) return;
        var size = new byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(size, height);
        BinaryPrimitives.WriteUInt16LittleEndian(size.AsSpan(2), width);
        lock (gate) _ = Libc.ioctl(fd, Libc.TIOCSWINSZ, size);
    }

    private void CloseLocked()
    {
        closed = true;
        Fd.Close(fd);
    }
}
