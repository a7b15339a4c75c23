using System.Buffers;

namespace Cluster.ApiServer.Storage;

/// <summary>
/// A per-thread growable buffer for serializing an object whose bytes are copied out before the thread can run
/// anything else (no await between <see cref="Take"/> and the last use). Serializing into a fresh writer allocated
/// every doubling step per object; this one keeps its capacity, up to <see cref="MaxRetainedBytes"/>.
/// </summary>
internal static class ScratchBuffer
{
    private const int MaxRetainedBytes = 1 << 20;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    /// <summary>The calling thread's buffer, empty.</summary>
    public static ArrayBufferWriter<byte> Take()
    {
        var buffer = _buffer;
        if (buffer is null || buffer.Capacity > MaxRetainedBytes)
        {
            _buffer = buffer = new ArrayBufferWriter<byte>(16 * 1024);
        }
        else
        {
            buffer.ResetWrittenCount();
        }

        return buffer;
    }
}
