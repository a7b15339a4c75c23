namespace Cluster.Shim.Native;

/// <summary>
/// The socket runc's <c>--console-socket</c> connects to in order to hand over the pty master it created for a
/// container or exec process. It lives under the temp directory with a short name (a unix socket path is limited
/// to 107 bytes) and is removed on dispose.
/// </summary>
internal sealed class ConsoleSocket : IDisposable
{
    private int listenFd;

    public ConsoleSocket()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"cluster-shim-{Environment.ProcessId}-{Guid.NewGuid():N}.sock");
        listenFd = UnixSocket.Listen(Path, nonBlocking: true);
    }

    public string Path { get; }

    /// <summary>
    /// Waits for runc to connect and send the master; gives up (-1) once <paramref name="stillWaiting"/> turns false
    /// and nothing is queued (runc exited without sending one).
    /// </summary>
    public int ReceiveMaster(Func<bool> stillWaiting)
    {
        while (true)
        {
            var waiting = stillWaiting();
            if (Fd.WaitReadable(listenFd, waiting ? 100 : 0))
            {
                var connection = UnixSocket.Accept(listenFd);
                if (connection < 0) continue;
                try
                {
                    return UnixSocket.ReceiveFd(connection);
                }
                finally
                {
                    Fd.Close(connection);
                }
            }
            if (!waiting) return -1;
        }
    }

    /// <summary>Closes and removes the socket; safe to call twice.</summary>
    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref listenFd, -1);
        if (fd < 0) return;
        Fd.Close(fd);
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // The temp dir is cleaned eventually; a leftover socket file does no harm.
        }
    }
}
