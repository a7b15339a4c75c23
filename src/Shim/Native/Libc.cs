using System.Runtime.InteropServices;

namespace Cluster.Shim.Native;

/// <summary>
/// The libc calls the shim makes. Signatures use only blittable types (int, IntPtr, arrays of them), so NativeAOT
/// generates the stubs at compile time and no unsafe code is needed; buffers that hold pointers are allocated with
/// <see cref="Marshal.AllocHGlobal(int)"/>. Constants are Linux x86-64/arm64 (asm-generic) values.
/// </summary>
internal static class Libc
{
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int ECHILD = 10;
    public const int EAGAIN = 11;

    public const int O_RDONLY = 0;
    public const int O_WRONLY = 1;
    public const int O_RDWR = 2;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;

    public const int SIGHUP = 1;
    public const int SIGPIPE = 13;
    public static readonly IntPtr SIG_IGN = 1;

    public const int PR_SET_CHILD_SUBREAPER = 36;
    public const int WNOHANG = 1;

    public const int AF_UNIX = 1;
    public const int SOCK_STREAM = 1;
    public const int SOCK_NONBLOCK = 0x800;
    public const int SOCK_CLOEXEC = 0x80000;
    public const int SOL_SOCKET = 1;
    public const int SCM_RIGHTS = 1;

    public const short POLLIN = 1;
    public const ulong TIOCSWINSZ = 0x5414;

    [DllImport("libc", SetLastError = true)]
    public static extern int setsid();

    [DllImport("libc", SetLastError = true)]
    public static extern int prctl(int option, nint arg2, nint arg3, nint arg4, nint arg5);

    [DllImport("libc", SetLastError = true)]
    public static extern IntPtr signal(int signum, IntPtr handler);

    [DllImport("libc", SetLastError = true)]
    public static extern int pipe2(int[] fds, int flags);

    [DllImport("libc", SetLastError = true)]
    public static extern int open(byte[] path, int flags, int mode);

    [DllImport("libc", SetLastError = true)]
    public static extern int close(int fd);

    [DllImport("libc", SetLastError = true)]
    public static extern int dup2(int oldFd, int newFd);

    [DllImport("libc", SetLastError = true)]
    public static extern nint read(int fd, ref byte buffer, nint count);

    [DllImport("libc", SetLastError = true)]
    public static extern nint write(int fd, ref byte buffer, nint count);

    [DllImport("libc", SetLastError = true)]
    public static extern int fsync(int fd);

    [DllImport("libc", SetLastError = true)]
    public static extern int waitpid(int pid, out int status, int options);

    [DllImport("libc", SetLastError = true)]
    public static extern int kill(int pid, int signal);

    [DllImport("libc", SetLastError = true)]
    public static extern int ioctl(int fd, ulong request, byte[] argument);

    [DllImport("libc", SetLastError = true)]
    public static extern int poll(byte[] fds, ulong count, int timeoutMs);

    [DllImport("libc", SetLastError = true)]
    public static extern int socket(int domain, int type, int protocol);

    [DllImport("libc", SetLastError = true)]
    public static extern int bind(int fd, byte[] address, int length);

    public const int SHUT_RDWR = 2;

    [DllImport("libc", SetLastError = true)]
    public static extern int shutdown(int fd, int how);

    [DllImport("libc", SetLastError = true)]
    public static extern int listen(int fd, int backlog);

    [DllImport("libc", SetLastError = true)]
    public static extern int accept4(int fd, IntPtr address, IntPtr length, int flags);

    [DllImport("libc", SetLastError = true)]
    public static extern nint recvmsg(int fd, IntPtr message, int flags);

    [DllImport("libc", SetLastError = true)]
    public static extern int posix_spawn(out int pid, byte[] path, IntPtr fileActions, IntPtr attributes, IntPtr[] argv, IntPtr[] envp);

    [DllImport("libc", SetLastError = true)]
    public static extern int posix_spawn_file_actions_init(IntPtr fileActions);

    [DllImport("libc", SetLastError = true)]
    public static extern int posix_spawn_file_actions_destroy(IntPtr fileActions);

    [DllImport("libc", SetLastError = true)]
    public static extern int posix_spawn_file_actions_adddup2(IntPtr fileActions, int fd, int newFd);

    [DllImport("libc", SetLastError = true)]
    public static extern int posix_spawnattr_init(IntPtr attributes);

    [DllImport("libc", SetLastError = true)]
    public static extern int posix_spawnattr_destroy(IntPtr attributes);

    [DllImport("libc", SetLastError = true)]
    public static extern int posix_spawnattr_setflags(IntPtr attributes, short flags);

    [DllImport("libc", SetLastError = true)]
    public static extern int posix_spawnattr_setsigmask(IntPtr attributes, IntPtr mask);

    [DllImport("libc", SetLastError = true)]
    public static extern int posix_spawnattr_setsigdefault(IntPtr attributes, IntPtr signals);

    [DllImport("libc", SetLastError = true)]
    public static extern int sigemptyset(IntPtr set);

    [DllImport("libc", SetLastError = true)]
    public static extern int sigfillset(IntPtr set);

    public const short POSIX_SPAWN_SETSIGDEF = 0x04;
    public const short POSIX_SPAWN_SETSIGMASK = 0x08;

    /// <summary>The errno of the last failed call above.</summary>
    public static int Errno => Marshal.GetLastPInvokeError();

    /// <summary>A NUL-terminated UTF-8 copy of a string, for path arguments.</summary>
    public static byte[] CString(string s)
    {
        var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(s) + 1];
        System.Text.Encoding.UTF8.GetBytes(s, bytes);
        return bytes;
    }
}
