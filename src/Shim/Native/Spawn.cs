using System.Collections;
using System.Runtime.InteropServices;

namespace Cluster.Shim.Native;

/// <summary>
/// Starts a program with posix_spawn and the given descriptors as its stdin, stdout and stderr. The child gets an
/// empty signal mask and default dispositions for every signal (the shim ignores SIGPIPE and SIGHUP; a container must
/// not inherit that). Nothing here waits for or reaps the child: the caller owns that.
/// </summary>
internal static class Spawn
{
    // Generous sizes for glibc's opaque structs (posix_spawn_file_actions_t is 80 bytes, posix_spawnattr_t 336,
    // sigset_t 128 on x86-64).
    private const int OpaqueSize = 1024;

    public static int Start(string path, IReadOnlyList<string> args, int stdin, int stdout, int stderr)
    {
        var allocations = new List<IntPtr>();
        var actions = Alloc(allocations);
        var attributes = Alloc(allocations);
        var signals = Alloc(allocations);
        try
        {
            Check(Libc.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
            Check(Libc.posix_spawn_file_actions_adddup2(actions, stdin, 0), "posix_spawn_file_actions_adddup2");
            Check(Libc.posix_spawn_file_actions_adddup2(actions, stdout, 1), "posix_spawn_file_actions_adddup2");
            Check(Libc.posix_spawn_file_actions_adddup2(actions, stderr, 2), "posix_spawn_file_actions_adddup2");
            Check(Libc.posix_spawnattr_init(attributes), "posix_spawnattr_init");
            Check(Libc.posix_spawnattr_setflags(attributes, Libc.POSIX_SPAWN_SETSIGMASK | Libc.POSIX_SPAWN_SETSIGDEF), "posix_spawnattr_setflags");
            _ = Libc.sigemptyset(signals);
            Check(Libc.posix_spawnattr_setsigmask(attributes, signals), "posix_spawnattr_setsigmask");
            _ = Libc.sigfillset(signals);
            Check(Libc.posix_spawnattr_setsigdefault(attributes, signals), "posix_spawnattr_setsigdefault");

            var argv = CStringArray([path, .. args], allocations);
            var envp = CStringArray(Environ(), allocations);
            var error = Libc.posix_spawn(out var pid, Libc.CString(path), actions, attributes, argv, envp);
            if (error != 0) throw new ShimException($"spawn {path}: {new System.ComponentModel.Win32Exception(error).Message}");
            return pid;
        }
        finally
        {
            _ = Libc.posix_spawn_file_actions_destroy(actions);
            _ = Libc.posix_spawnattr_destroy(attributes);
            foreach (var p in allocations) Marshal.FreeHGlobal(p);
        }
    }

    private static IntPtr Alloc(List<IntPtr> allocations)
    {
        var p = Marshal.AllocHGlobal(OpaqueSize);
        Marshal.Copy(new byte[OpaqueSize], 0, p, OpaqueSize);
        allocations.Add(p);
        return p;
    }

    private static void Check(int error, string call)
    {
        if (error != 0) throw new ShimException($"{call}: error {error}");
    }

    private static IntPtr[] CStringArray(IReadOnlyList<string> strings, List<IntPtr> allocations)
    {
        var array = new IntPtr[strings.Count + 1];
        for (var i = 0; i < strings.Count; i++)
        {
            var bytes = Libc.CString(strings[i]);
            var p = Marshal.AllocHGlobal(bytes.Length);
            Marshal.Copy(bytes, 0, p, bytes.Length);
            allocations.Add(p);
            array[i] = p;
        }
        return array;
    }

    private static List<string> Environ()
    {
        var list = new List<string>();
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables()) list.Add($"{entry.Key}={entry.Value}");
        return list;
    }
}
