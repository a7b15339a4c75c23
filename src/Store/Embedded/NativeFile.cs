using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Cluster.Store.Embedded;

/// <summary>The few POSIX calls .NET does not expose: fdatasync on a file, fsync on a directory.</summary>
internal static class NativeFile
{
    private const int ReadOnly = 0;

    /// <summary>Flushes a file's data (and the size, if it grew) to stable storage.</summary>
    public static void DataSync(SafeFileHandle file)
    {
        if (fdatasync((int)file.DangerousGetHandle()) != 0)
            throw new IOException($"fdatasync failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Makes creations, renames and deletions in <paramref name="directory"/> durable.</summary>
    public static void SyncDirectory(string directory)
    {
        var fd = open(directory, ReadOnly);
        if (fd < 0) throw new IOException($"open {directory} failed: errno {Marshal.GetLastPInvokeError()}");
        try
        {
            if (fsync(fd) != 0) throw new IOException($"fsync {directory} failed: errno {Marshal.GetLastPInvokeError()}");
        }
        finally
        {
            _ = close(fd);
        }
    }

    // DllImport rather than LibraryImport: the latter needs unsafe code, and these signatures are blittable.
    [DllImport("libc", SetLastError = true)]
    private static extern int fdatasync(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int fsync(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);
}
