using System.Diagnostics;

namespace Cluster.Kubelet.Bench;

/// <summary>
/// The floor under a pod start: a bare <c>runc run -d</c> of a bundle holding the busybox the test image is built from
/// (<see cref="TestKit.BusyboxRootfs"/>, running sleep) with new pid, mount, ipc, uts and network namespaces and its own
/// cgroup, timed from spawning runc until it returns with the container running. Each container is deleted after.
/// </summary>
internal static class RuncFloor
{
    public static async Task<List<double>> MeasureAsync(int count)
    {
        var dir = Path.Combine(Path.GetTempPath(), "cluster-bench-runc-" + Guid.NewGuid().ToString("N")[..8]);
        var root = Path.Combine(dir, "state");
        var cgroupParent = $"cluster-bench-{Environment.ProcessId}";
        var samples = new List<double>();
        try
        {
            var bundle = Directory.CreateDirectory(Path.Combine(dir, "bundle")).FullName;
            TestKit.BusyboxRootfs.Create(Path.Combine(bundle, "rootfs"));
            Directory.CreateDirectory(root);
            for (var i = 0; i < count; i++)
            {
                var id = $"bench-floor-{Environment.ProcessId}-{i}";
                TestKit.RuncTestBundle.WriteConfig(bundle, id, ["sleep", "3600"], cgroupsPath: $"/{cgroupParent}/{id}");
                var clock = Stopwatch.StartNew();
                var exit = await RuncAsync(root, "run", "-d", "--bundle", bundle, id);
                var elapsed = clock.Elapsed.TotalMilliseconds;
                await RuncAsync(root, "delete", "--force", id);
                if (exit != 0) throw new InvalidOperationException($"runc run -d exited with {exit}");
                samples.Add(elapsed);
            }
            return samples;
        }
        finally
        {
            if (Directory.Exists(root))
                foreach (var state in Directory.GetDirectories(root)) await RuncAsync(root, "delete", "--force", Path.GetFileName(state));
            RemoveCgroups(cgroupParent);
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The (empty) parent cgroup of the containers, in every v1 hierarchy or the v2 tree.</summary>
    private static void RemoveCgroups(string name)
    {
        if (!Directory.Exists("/sys/fs/cgroup")) return;
        foreach (var path in Directory.GetDirectories("/sys/fs/cgroup").Select(h => Path.Combine(h, name)).Append(Path.Combine("/sys/fs/cgroup", name)))
        {
            try
            {
                if (Directory.Exists(path)) Directory.Delete(path);
            }
            catch (IOException)
            {
                // not empty or already gone: leave it
            }
        }
    }

    /// <summary>
    /// Runs runc; its output is redirected and never read, so a detached container holds only a pipe of ours (not our
    /// console), and waiting for runc's exit does not wait for the container.
    /// </summary>
    private static async Task<int> RuncAsync(string root, params string[] args)
    {
        var start = new ProcessStartInfo("runc") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["--root", root, .. args]) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
