using Cluster.Shim.Native;

namespace Cluster.Shim.Framing;

/// <summary>
/// Frames written to one descriptor (exec's stdout), whole frames at a time under a lock. Once a write fails (the
/// reader went away) later frames are dropped, so the process can still be waited for.
/// </summary>
internal sealed class FrameOutput(int fd)
{
    private readonly Lock gate = new(); // guards the descriptor and broken
    private bool broken;

    public void Send(FrameType type, ReadOnlySpan<byte> payload) => Write(Frame.Encode(type, payload));

    public void SendExit(int exitCode) => Write(Frame.Exit(exitCode));

    private void Write(byte[] frame)
    {
        lock (gate)
        {
            if (!broken && !Fd.WriteAll(fd, frame)) broken = true;
        }
    }
}
