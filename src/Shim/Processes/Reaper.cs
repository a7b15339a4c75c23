using System.Globalization;
using Cluster.Shim.Native;

namespace Cluster.Shim.Processes;

/// <summary>
/// A thread that reaps every child of the shim (runc, and, as child subreaper, the container's init and anything
/// else re-parented to it) and records how each ended, so a pid can be waited for even if it exited before anyone
/// asked. It stops when the shim has no children left.
/// </summary>
internal sealed class Reaper
{
    private readonly object gate = new(); // guards statuses and noChildren
    private readonly Dictionary<int, int> statuses = [];
    private bool noChildren;

    /// <summary>Makes the shim the parent of orphans below it (the container's init once <c>runc run --detach</c>
    /// exits, an exec'd process once <c>runc exec --detach</c> does), and ignores SIGPIPE and SIGHUP.</summary>
    public static void BecomeSubreaper()
    {
        _ = Libc.signal(Libc.SIGPIPE, Libc.SIG_IGN);
        _ = Libc.signal(Libc.SIGHUP, Libc.SIG_IGN);
        if (Libc.prctl(Libc.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) throw ShimException.FromErrno("prctl(PR_SET_CHILD_SUBREAPER)");
    }

    /// <summary>The pid runc wrote to its --pid-file; null if there is none.</summary>
    public static int? ReadPidFile(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Starts reaping; call after the first child has been started (with none, the reaper stops at once).</summary>
    public static Reaper Start()
    {
        var reaper = new Reaper();
        new Thread(reaper.Run, 64 * 1024) { IsBackground = true, Name = "reaper" }.Start();
        return reaper;
    }

    /// <summary>The raw wait status of <paramref name="pid"/>, once it has exited; null if the shim runs out of
    /// children without <paramref name="pid"/> having been one of them.</summary>
    public int? WaitFor(int pid)
    {
        lock (gate)
        {
            while (true)
            {
                if (statuses.Remove(pid, out var status)) return status;
                if (noChildren) return null;
                Monitor.Wait(gate);
            }
        }
    }

    /// <summary>Whether <paramref name="pid"/> has exited (or cannot, the shim having no children left).</summary>
    public bool HasExited(int pid)
    {
        lock (gate) return noChildren || statuses.ContainsKey(pid);
    }

    private void Run()
    {
        while (true)
        {
            var pid = Libc.waitpid(-1, out var status, 0);
            if (pid < 0)
            {
                if (Libc.Errno == Libc.EINTR) continue;
                lock (gate)
                {
                    noChildren = true;
                    Monitor.PulseAll(gate);
                }
                return;
            }
            lock (gate)
            {
                statuses[pid] = status;
                Monitor.PulseAll(gate);
            }
        }
    }
}
