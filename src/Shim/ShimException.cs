using System.ComponentModel;
using Cluster.Shim.Native;

namespace Cluster.Shim;

/// <summary>A failure the shim reports as one line (<c>failed ...</c> or a usage error) rather than a stack trace.</summary>
internal sealed class ShimException(string message) : Exception(message)
{
    public static ShimException FromErrno(string call) => new($"{call}: {new Win32Exception(Libc.Errno).Message}");
}
