using Cluster.Shim.Io;

namespace Cluster.Shim.Framing;

/// <summary>Applies the client-to-shim frames read from a descriptor to a container's input until the input ends.</summary>
internal static class InputFrames
{
    /// <summary>Returns when <paramref name="fd"/> reaches end of input or sends a malformed frame; unknown frame types
    /// are skipped (a newer client may send more).</summary>
    public static void Pump(int fd, ContainerInput input)
    {
        while (Frame.Read(fd) is var (type, payload))
        {
            switch (type)
            {
                case FrameType.Stdin:
                    input.Write(payload);
                    break;
                case FrameType.StdinClose:
                    input.Close();
                    break;
                case FrameType.Resize when Frame.ParseResize(payload) is var (width, height):
                    input.Resize(width, height);
                    break;
            }
        }
    }
}
