namespace Cluster.Kubelet.Nodes;

/// <summary>One measurement of what the eviction signals watch: available memory, disk and process ids.</summary>
public sealed record NodeReadings(long MemoryAvailableBytes, Filesystem DataFilesystem, int Processes, int PidMax)
{
    /// <summary>Reads /proc/meminfo (MemAvailable), the data directory's filesystem, /proc's process entries and pid_max.</summary>
    public static NodeReadings Read(string dataDirectory)
    {
        var memInfo = MachineInfo.ReadOr("/proc/meminfo", "");
        var available = ProcFiles.MemInfo(memInfo, "MemAvailable") ?? ProcFiles.MemInfo(memInfo, "MemFree") ?? 0;
        var pidMax = int.TryParse(MachineInfo.ReadOr("/proc/sys/kernel/pid_max", "").Trim(), out var max) ? max : 32768;
        var processes = ProcFiles.CountProcesses(Directory.EnumerateDirectories("/proc").Select(Path.GetFileName)!);
        return new NodeReadings(available, Filesystem.Of(dataDirectory), processes, pidMax);
    }
}
