using Cluster.Shim.Native;

namespace Cluster.Shim.Io;

/// <summary>
/// A thread that reads one output descriptor (a pipe, or the pty master) to end of file and hands each chunk to a
/// sink, then (unless told not to) closes the descriptor. <see cref="Finished"/> is set at end of file.
/// </summary>
internal sealed class OutputPump
{
    private readonly int fd;
    private readonly bool closeAtEnd;
    private readonly Action<ReadOnlyMemory<byte>> onData;
    private readonly ManualResetEventSlim finished = new();
    private long chunksRead;

    private OutputPump(int fd, bool closeAtEnd, Action<ReadOnlyMemory<byte>> onData)
    {
        this.fd = fd;
        this.closeAtEnd = closeAtEnd;
        this.onData = onData;
    }

    public WaitHandle Finished => finished.WaitHandle;

    /// <param name="closeAtEnd">false for a pty master, which the input side keeps using.</param>
    public static OutputPump Start(string name, int fd, bool closeAtEnd, Action<ReadOnlyMemory<byte>> onData)
    {
        var pump = new OutputPump(fd, closeAtEnd, onData);
        new Thread(pump.Run, 64 * 1024) { IsBackground = true, Name = name }.Start();
        return pump;
    }

    /// <summary>
    /// Waits for end of file on every pump, giving up once none has read anything for <paramref name="quiet"/>: a
    /// process outside the container (or a stuck one) may hold a pipe open forever, but output that is still flowing
    /// is never cut short, however slow the machine.
    /// </summary>
    public static bool WaitAll(IReadOnlyList<OutputPump> pumps, TimeSpan quiet)
    {
        var handles = pumps.Select(p => p.Finished).ToArray();
        if (handles.Length == 0) return true;
        var chunks = pumps.Sum(p => Volatile.Read(ref p.chunksRead));
        while (!WaitHandle.WaitAll(handles, quiet))
        {
            var now = pumps.Sum(p => Volatile.Read(ref p.chunksRead));
            if (now == chunks) return false;
            chunks = now;
        }
        return true;
    }

    private void Run()
    {
        var buffer = new byte[32 * 1024];
        try
        {
            int n;
            while ((n = Fd.Read(fd, buffer)) > 0)
            {
                Interlocked.Increment(ref chunksRead);
                try
                {
                    onData(buffer.AsMemory(0, n));
                }
                catch (Exception)
                {
                    // A sink's failure costs this chunk, never the shim: it must go on reaping and logging.
                }
            }
        }
        finally
        {
            if (closeAtEnd) Fd.Close(fd);
            finished.Set();
        }
    }
}
