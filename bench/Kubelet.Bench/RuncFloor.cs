using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Cluster.Kubelet.Bench;

/// <summary>
/// The floor under a pod start: a bare <c>runc run -d</c> of a bundle holding the busybox the test image is built from
/// (a rootfs of /bin/busybox and its sleep applet) with new pid, mount, ipc, uts and network namespaces and its own
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
            var rootfs = Path.Combine(dir, "bundle", "rootfs");
            foreach (var sub in new[] { "bin", "proc", "dev", "sys", "tmp" }) Directory.CreateDirectory(Path.Combine(rootfs, sub));
            File.Copy("/bin/busybox", Path.Combine(rootfs, "bin", "busybox"));
            File.CreateSymbolicLink(Path.Combine(rootfs, "bin", "sleep"), "busybox");
            Directory.CreateDirectory(root);
            for (var i = 0; i < count; i++)
            {
                var id = $"bench-floor-{Environment.ProcessId}-{i}";
                await File.WriteAllTextAsync(Path.Combine(dir, "bundle", "config.json"), Config(id, $"/{cgroupParent}/{id}"));
                var clock = Stopwatch.StartNew();
                var exit = await RuncAsync(root, "run", "-d", "--bundle", Path.Combine(dir, "bundle"), id);
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

    private static string Config(string id, string cgroupsPath)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("ociVersion", "1.0.2");
            json.WriteStartObject("process");
            json.WriteBoolean("terminal", false);
            json.WriteStartObject("user");
            json.WriteNumber("uid", 0);
            json.WriteNumber("gid", 0);
            json.WriteEndObject();
            WriteStrings(json, "args", "sleep", "3600");
            WriteStrings(json, "env", "PATH=/bin");
            json.WriteString("cwd", "/");
            json.WriteEndObject();
            json.WriteStartObject("root");
            json.WriteString("path", "rootfs");
            json.WriteEndObject();
            json.WriteString("hostname", id);
            json.WriteStartArray("mounts");
            Mount(json, "/proc", "proc", "proc");
            Mount(json, "/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k");
            Mount(json, "/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620");
            Mount(json, "/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro");
            json.WriteEndArray();
            json.WriteStartObject("linux");
            json.WriteString("cgroupsPath", cgroupsPath);
            json.WriteStartArray("namespaces");
            foreach (var ns in new[] { "pid", "mount", "ipc", "uts", "network" })
            {
                json.WriteStartObject();
                json.WriteString("type", ns);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, params string[] values)
    {
        json.WriteStartArray(name);
        foreach (var value in values) json.WriteStringValue(value);
        json.WriteEndArray();
    }

    private static void Mount(Utf8JsonWriter json, string destination, string type, string source, params string[] options)
    {
        json.WriteStartObject();
        json.WriteString("destination", destination);
        json.WriteString("type", type);
        json.WriteString("source", source);
        if (options.Length > 0) WriteStrings(json, "options", options);
        json.WriteEndObject();
    }
}
