using System.Text;
using System.Text.Json;

namespace Cluster.TestKit;

/// <summary>
/// A minimal OCI bundle for runc: a busybox rootfs (<see cref="BusyboxRootfs"/>) and a hand-written config.json with
/// new pid/mount/ipc/uts/network namespaces and its own cgroup (by default a unique one under /cluster-test).
/// </summary>
public static class RuncTestBundle
{
    /// <summary>Creates the bundle in <paramref name="dir"/> (which must exist) for a container running <paramref name="args"/>.</summary>
    public static void Create(string dir, string id, IReadOnlyList<string> args, bool terminal = false, string? cgroupsPath = null)
    {
        BusyboxRootfs.Create(Path.Combine(dir, "rootfs"));
        WriteConfig(dir, id, args, terminal, cgroupsPath);
    }

    /// <summary>(Re)writes only the bundle's config.json, for another container of the same rootfs.</summary>
    public static void WriteConfig(string dir, string id, IReadOnlyList<string> args, bool terminal = false, string? cgroupsPath = null) =>
        File.WriteAllText(Path.Combine(dir, "config.json"), Config(id, args, terminal, cgroupsPath ?? $"/cluster-test/{id}"));

    private static string Config(string id, IReadOnlyList<string> args, bool terminal, string cgroupsPath)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("ociVersion", "1.0.2");
            json.WriteStartObject("process");
            json.WriteBoolean("terminal", terminal);
            json.WriteStartObject("user");
            json.WriteNumber("uid", 0);
            json.WriteNumber("gid", 0);
            json.WriteEndObject();
            json.WriteStartArray("args");
            foreach (var arg in args) json.WriteStringValue(arg);
            json.WriteEndArray();
            json.WriteStartArray("env");
            json.WriteStringValue("PATH=/bin");
            json.WriteStringValue("TERM=xterm");
            json.WriteEndArray();
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

    private static void Mount(Utf8JsonWriter json, string destination, string type, string source, params string[] options)
    {
        json.WriteStartObject();
        json.WriteString("destination", destination);
        json.WriteString("type", type);
        json.WriteString("source", source);
        if (options.Length > 0)
        {
            json.WriteStartArray("options");
            foreach (var option in options) json.WriteStringValue(option);
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }
}
