using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;

namespace Cluster.Kubelet;

/// <summary>
/// The few file-system calls .NET lacks: hard links, ownership that does not follow symlinks, and rename(2) of a symlink
/// over another (File.Move follows links to directories).
/// </summary>
internal static class NativeFs
{
    public static bool IsRoot { get; } = geteuid() == 0;

    public static void Lchown(string path, int uid, int gid)
    {
        if (lchown(CString(path), (uint)uid, (uint)gid) != 0) throw Error("lchown", path);
    }

    public static void SetMode(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("the image store runs on Linux");
        File.SetUnixFileMode(path, mode);
    }

    public static void HardLink(string existing, string newPath)
    {
        if (link(CString(existing), CString(newPath)) != 0) throw Error("link", newPath);
    }

    /// <summary>Replaces <paramref name="newPath"/> with <paramref name="oldPath"/> in one atomic step, symlinks included.</summary>
    public static void Rename(string oldPath, string newPath)
    {
        if (rename(CString(oldPath), CString(newPath)) != 0) throw Error("rename", newPath);
    }

    private static IOException Error(string call, string path) =>
        new($"{call} {path}: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}");

    private static byte[] CString(string s)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(s) + 1];
        Encoding.UTF8.GetBytes(s, bytes);
        return bytes;
    }

    // DllImport with byte[] paths rather than LibraryImport: the latter needs unsafe code; these signatures are blittable.
    [DllImport("libc", SetLastError = true)]
    private static extern int lchown(byte[] path, uint owner, uint group);

    [DllImport("libc", SetLastError = true)]
    private static extern int link(byte[] oldPath, byte[] newPath);

    [DllImport("libc", SetLastError = true)]
    private static extern int rename(byte[] oldPath, byte[] newPath);

    [DllImport("libc")]
    private static extern uint geteuid();
}
