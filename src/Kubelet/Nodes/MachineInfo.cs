using System.Globalization;
using System.Runtime.InteropServices;

namespace Cluster.Kubelet.Nodes;

/// <summary>What the node is: its size and identity, read once at start from /proc, /etc and the data directory's filesystem.</summary>
public sealed record MachineInfo
{
    public required int Cores { get; init; }

    public required long MemoryBytes { get; init; }

    /// <summary>Size of the filesystem holding the agent's data directory (the kubelet's nodefs).</summary>
    public required long EphemeralStorageBytes { get; init; }

    public required string KernelVersion { get; init; }

    public required string OsImage { get; init; }

    public required string MachineId { get; init; }

    public required string BootId { get; init; }

    public required string SystemUuid { get; init; }

    /// <summary>Architecture in Go's naming (amd64, arm64), as node labels and nodeInfo use it.</summary>
    public required string Architecture { get; init; }

    public static MachineInfo Read(string dataDirectory)
    {
        var machineId = ReadOr("/etc/machine-id", ReadOr("/var/lib/dbus/machine-id", "")).Trim();
        return new MachineInfo
        {
            Cores = Environment.ProcessorCount,
            MemoryBytes = ProcFiles.MemInfo(ReadOr("/proc/meminfo", ""), "MemTotal") ?? 0,
            EphemeralStorageBytes = Filesystem.Of(dataDirectory).TotalBytes,
            KernelVersion = ReadOr("/proc/sys/kernel/osrelease", "unknown").Trim(),
            OsImage = ProcFiles.OsImage(ReadOr("/etc/os-release", ReadOr("/usr/lib/os-release", ""))),
            MachineId = machineId,
            BootId = ReadOr("/proc/sys/kernel/random/boot_id", "").Trim(),
            SystemUuid = ReadOr("/sys/class/dmi/id/product_uuid", machineId).Trim(),
            Architecture = GoArchitecture(RuntimeInformation.OSArchitecture),
        };
    }

    public static string GoArchitecture(Architecture architecture) => architecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "amd64",
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        System.Runtime.InteropServices.Architecture.Arm => "arm",
        System.Runtime.InteropServices.Architecture.X86 => "386",
        System.Runtime.InteropServices.Architecture.S390x => "s390x",
        System.Runtime.InteropServices.Architecture.Ppc64le => "ppc64le",
        _ => architecture.ToString().ToLowerInvariant(),
    };

    internal static string ReadOr(string path, string fallback)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return fallback;
        }
    }
}

/// <summary>Parsers for the /proc and /etc files the agent reads (pure, so they are tested on sample text).</summary>
public static class ProcFiles
{
    /// <summary>A field of /proc/meminfo in bytes (the file gives kB), or null when absent.</summary>
    public static long? MemInfo(string text, string field)
    {
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            var colon = line.IndexOf(':');
            if (colon <= 0 || !line[..colon].SequenceEqual(field)) continue;
            var rest = line[(colon + 1)..].Trim();
            var space = rest.IndexOf(' ');
            var number = space < 0 ? rest : rest[..space];
            if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return null;
            var unit = space < 0 ? ReadOnlySpan<char>.Empty : rest[(space + 1)..].Trim();
            return unit.Equals("kB", StringComparison.OrdinalIgnoreCase) ? value * 1024 : value;
        }

        return null;
    }

    /// <summary>PRETTY_NAME of os-release (quotes removed), else NAME, else "Linux".</summary>
    public static string OsImage(string osRelease)
    {
        string? name = null;
        foreach (var line in osRelease.AsSpan().EnumerateLines())
        {
            var eq = line.IndexOf('=');
            if (eq <= 0) continue;
            var key = line[..eq].Trim();
            var value = Unquote(line[(eq + 1)..].Trim());
            if (key.SequenceEqual("PRETTY_NAME") && value.Length > 0) return value;
            if (key.SequenceEqual("NAME")) name = value;
        }

        return string.IsNullOrEmpty(name) ? "Linux" : name;
    }

    /// <summary>Number of processes from the names of /proc's numeric directories.</summary>
    public static int CountProcesses(IEnumerable<string> procEntries) => procEntries.Count(e => e.Length > 0 && e.All(char.IsAsciiDigit));

    private static string Unquote(ReadOnlySpan<char> value) =>
        value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0] ? value[1..^1].ToString() : value.ToString();
}
