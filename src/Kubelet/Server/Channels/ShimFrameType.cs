namespace Cluster.Kubelet.Server.Channels;

/// <summary>
/// The frame types of <c>cluster-shim</c>'s stdio protocol (exec) and of its <c>attach.sock</c>:
/// <c>[type:1][length:4 big-endian][payload]</c>.
/// </summary>
public enum ShimFrameType : byte
{
    /// <summary>client → shim: bytes for the process's stdin.</summary>
    Stdin = 0,

    /// <summary>shim → client: bytes the process wrote to stdout.</summary>
    Stdout = 1,

    /// <summary>shim → client: bytes the process wrote to stderr.</summary>
    Stderr = 2,

    /// <summary>shim → client: the process ended, JSON <c>{"exitCode":N}</c>; the last frame.</summary>
    Exit = 3,

    /// <summary>client → shim: the terminal's new size, JSON <c>{"Width":w,"Height":h}</c>.</summary>
    Resize = 4,

    /// <summary>client → shim: the client's stdin ended (the process sees EOF).</summary>
    StdinClose = 5,
}
