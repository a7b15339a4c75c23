using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;

namespace Cluster.Kubelet;

/// <summary>
/// The few file-system and process calls .NET lacks: hard links, ownership that does not follow symlinks, rename(2) of
/// a symlink over another (File.Move follows links to directories), mount/umount, and signals to arbitrary processes.
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

    public const ulong MsBind = 0x1000;
    public const ulong MsRec = 0x4000;
    public const ulong MsPrivate = 1 << 18;
    public const ulong MsShared = 1 << 20;
    private const int MntDetach = 2;
    private const int Einval = 22;
    private const int Enoent = 2;
    private const int Esrch = 3;

    public static void Mount(string source, string target, string? fsType, ulong flags, string? data)
    {
        if (mount(CString(source), CString(target), fsType is null ? null : CString(fsType), flags, data is null ? null : CString(data)) != 0)
            throw Error("mount", target);
    }

    /// <summary>
    /// Makes <paramref name="directory"/> a shared mount point, bind-mounting it on itself first when it is none, as
    /// `ip netns add` does for /run/netns. Done before the first file is pinned there: a later bind of the directory
    /// on itself would hide that file's mount, and the file could never be deleted.
    /// </summary>
    public static void EnsureSharedMountPoint(string directory)
    {
        if (mount(CString("none"), CString(directory), null, MsShared | MsRec, null) == 0) return;
        if (Marshal.GetLastPInvokeError() != Einval) throw Error("mount", directory);
        Mount(directory, directory, null, MsBind | MsRec, null);
        Mount("none", directory, null, MsShared | MsRec, null);
    }

    /// <summary>Detaches a mount (lazily, as umount -l); a path that is not mounted or does not exist is no error.</summary>
    public static void Unmount(string target)
    {
        if (umount2(CString(target), MntDetach) == 0) return;
        var errno = Marshal.GetLastPInvokeError();
        if (errno is Einval or Enoent) return;
        throw Error("umount", target);
    }

    /// <summary>Sends <paramref name="signal"/>; false when the process no longer exists.</summary>
    public static bool Kill(int pid, int signal)
    {
        if (kill(pid, signal) == 0) return true;
        if (Marshal.GetLastPInvokeError() == Esrch) return false;
        throw new IOException($"kill {pid}: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}");
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

    [DllImport("libc", SetLastError = true)]
    private static extern int mount(byte[] source, byte[] target, byte[]? fsType, ulong flags, byte[]? data);

    [DllImport("libc", SetLastError = true)]
    private static extern int umount2(byte[] target, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
