using Cluster.Shim.Framing;
using Cluster.Shim.Io;
using Cluster.Shim.Native;

namespace Cluster.Shim.Run;

/// <summary>
/// One connection to the attach socket. A sender thread writes queued frames; a receiver thread applies the client's
/// frames to the container's input; the client's end of input (a half-close) stops only that, so it still receives
/// output and the exit frame. The descriptor is closed when both threads are done. A client that lets <see cref="MaxQueuedFrames"/> frames pile up is dropped, so a
/// stuck client never holds back the log.
/// </summary>
internal sealed class AttachClient
{
    private const int MaxQueuedFrames = 1024;

    private readonly int fd;
    private readonly object gate = new(); // guards queue, ending and closed
    private readonly Queue<byte[]> queue = new();
    private readonly ManualResetEventSlim drained = new();
    private bool ending;
    private bool closed;
    private int threadsRunning = 2;

    private AttachClient(int fd) => this.fd = fd;

    /// <param name="onGone">Called once the client can receive nothing more (closed, dropped or finished).</param>
    public static AttachClient Start(int fd, ContainerInput input, Action<AttachClient> onGone)
    {
        var client = new AttachClient(fd);
        new Thread(() =>
        {
            client.Send();
            onGone(client);
            client.ThreadDone();
        }, 64 * 1024) { IsBackground = true, Name = "attach-send" }.Start();
        new Thread(() =>
        {
            InputFrames.Pump(fd, input);
            client.ThreadDone();
        }, 64 * 1024) { IsBackground = true, Name = "attach-receive" }.Start();
        return client;
    }

    /// <summary>Queues a frame; drops the client if it is too far behind.</summary>
    public void Enqueue(byte[] frame)
    {
        lock (gate)
        {
            if (ending || closed) return;
            if (queue.Count >= MaxQueuedFrames)
            {
                CloseLocked();
                return;
            }
            queue.Enqueue(frame);
            Monitor.Pulse(gate);
        }
    }

    /// <summary>Queues a last frame; the connection closes once it is written. Returns a handle set at that point.</summary>
    public WaitHandle EnqueueLast(byte[] frame)
    {
        lock (gate)
        {
            if (!ending && !closed) queue.Enqueue(frame);
            ending = true;
            Monitor.Pulse(gate);
        }
        return drained.WaitHandle;
    }

    public void Close()
    {
        lock (gate) CloseLocked();
    }

    private void CloseLocked()
    {
        if (closed) return;
        closed = true;
        queue.Clear();
        // shutdown, not close: the receiver thread may be blocked reading this descriptor.
        _ = Libc.shutdown(fd, Libc.SHUT_RDWR);
        Monitor.Pulse(gate);
    }

    private void ThreadDone()
    {
        if (Interlocked.Decrement(ref threadsRunning) == 0) Fd.Close(fd);
    }

    private void Send()
    {
        while (true)
        {
            byte[] frame;
            lock (gate)
            {
                while (queue.Count == 0 && !closed && !ending) Monitor.Wait(gate);
                if (closed || queue.Count == 0)
                {
                    CloseLocked();
                    break;
                }
                frame = queue.Dequeue();
            }
            if (!Fd.WriteAll(fd, frame)) Close();
        }
        drained.Set();
    }
}
