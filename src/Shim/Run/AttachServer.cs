using Cluster.Shim.Framing;
using Cluster.Shim.Io;
using Cluster.Shim.Native;

namespace Cluster.Shim.Run;

/// <summary>
/// The attach socket (<c>BUNDLE/attach.sock</c>, mode 0600): every connected client receives the container's output
/// from the moment it connects as frames, and may send input frames (see <see cref="FrameType"/>). When the
/// container ends, <see cref="Finish"/> sends each client the exit frame, closes them, and removes the socket file.
/// </summary>
internal sealed class AttachServer
{
    private readonly string path;
    private readonly int listenFd;
    private readonly Lock gate = new(); // guards clients and finished
    private readonly List<AttachClient> clients = [];
    private bool finished;

    private AttachServer(string path, int listenFd)
    {
        this.path = path;
        this.listenFd = listenFd;
    }

    /// <summary>Listens now (so the socket exists before the shim reports <c>started</c>); accepts once
    /// <see cref="AcceptClients"/> is called.</summary>
    public static AttachServer Listen(string path) => new(path, UnixSocket.Listen(path));

    /// <summary>Starts accepting clients, whose input frames go to <paramref name="input"/>.</summary>
    public void AcceptClients(ContainerInput input) =>
        new Thread(() => Accept(input), 64 * 1024) { IsBackground = true, Name = "attach-accept" }.Start();

    public void Broadcast(FrameType type, ReadOnlySpan<byte> data)
    {
        lock (gate)
        {
            if (clients.Count == 0) return;
            var frame = Frame.Encode(type, data);
            foreach (var client in clients) client.Enqueue(frame);
        }
    }

    /// <summary>Sends the exit frame to every client, waits up to <paramref name="timeout"/> for them to receive it,
    /// and removes the socket.</summary>
    public void Finish(int exitCode, TimeSpan timeout)
    {
        List<WaitHandle> sent = [];
        lock (gate)
        {
            finished = true;
            var frame = Frame.Exit(exitCode);
            foreach (var client in clients) sent.Add(client.EnqueueLast(frame));
        }
        Close();
        if (sent.Count > 0) WaitHandle.WaitAll([.. sent], timeout);
    }

    /// <summary>Stops listening and removes the socket file.</summary>
    public void Close()
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        _ = Libc.shutdown(listenFd, Libc.SHUT_RDWR);
    }

    private void Accept(ContainerInput input)
    {
        while (true)
        {
            var fd = UnixSocket.Accept(listenFd);
            if (fd < 0)
            {
                lock (gate) if (finished) return;
                Thread.Sleep(10); // EMFILE and the like: do not spin.
                continue;
            }
            lock (gate)
            {
                if (finished)
                {
                    Fd.Close(fd);
                    return;
                }
                clients.Add(AttachClient.Start(fd, input, Remove));
            }
        }
    }

    private void Remove(AttachClient client)
    {
        lock (gate) clients.Remove(client);
    }
}
