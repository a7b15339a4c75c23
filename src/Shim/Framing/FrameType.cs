namespace Cluster.Shim.Framing;

/// <summary>
/// The first byte of a frame on the attach socket and on <c>cluster-shim exec</c>'s stdin/stdout. A frame is
/// <c>[type:1][length:4, big-endian][payload]</c>. The kubelet compiles this same file (linked into Kubelet.csproj), so both ends share it.
/// </summary>
public enum FrameType : byte
{
    /// <summary>Client to shim: bytes for the container's stdin.</summary>
    Stdin = 0,

    /// <summary>Shim to client: the container's stdout (with a tty, everything the terminal shows).</summary>
    Stdout = 1,

    /// <summary>Shim to client: the container's stderr (never with a tty, except runc's own error in exec).</summary>
    Stderr = 2,

    /// <summary>Shim to client: the process ended; payload <c>{"exitCode":N}</c>; the last frame.</summary>
    Exit = 3,

    /// <summary>Client to shim: payload <c>{"Width":w,"Height":h}</c>; resizes the tty (ignored without one).</summary>
    Resize = 4,

    /// <summary>Client to shim: close the container's stdin (no payload).</summary>
    StdinClose = 5,
}
