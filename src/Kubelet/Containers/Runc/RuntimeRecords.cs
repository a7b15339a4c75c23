using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cluster.Kubelet.Containers.Runc;

/// <summary>A sandbox as it is kept on disk (sandbox.json), so a restarted kubelet finds it.</summary>
public sealed record SandboxRecord
{
    public required string Id { get; init; }
    public required SandboxConfig Config { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public SandboxState State { get; init; } = SandboxState.Ready;
    public string? PodIp { get; init; }
    public string? NetnsPath { get; init; }
    public string? IpcPath { get; init; }
    public string? UtsPath { get; init; }
    public string? ShmPath { get; init; }
}

/// <summary>A container as it is kept on disk (container.json); its end comes from the shim's exit file.</summary>
public sealed record ContainerRecord
{
    public required string Id { get; init; }
    public required string SandboxId { get; init; }
    public required string PodUid { get; init; }
    public required string Name { get; init; }
    public required int Attempt { get; init; }
    public required string Image { get; init; }
    public required string ImageId { get; init; }
    public required string LogPath { get; init; }
    public required string CgroupsPath { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public bool Stdin { get; init; }
    public bool Tty { get; init; }
    public string? StopSignal { get; init; }
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
    public DateTimeOffset? StartedAt { get; init; }
    public int? Pid { get; init; }
    /// <summary>The init process's start time (jiffies since boot, /proc/PID/stat field 22), telling it from a reused pid.</summary>
    public long? PidStartTicks { get; init; }
    public ContainerExit? Exit { get; init; }
}

/// <summary>How a container ended: the shim's exit file, completed with what the kubelet learnt (OOM kill).</summary>
public sealed record ContainerExit
{
    public int ExitCode { get; init; }
    public int? Signal { get; init; }
    public DateTimeOffset FinishedAt { get; init; }
    public bool OomKilled { get; init; }
    /// <summary>Set when the end was not observed (the shim vanished): the status says ContainerStatusUnknown.</summary>
    public bool Unknown { get; init; }
    /// <summary>runc could not start the process (bad command, missing working directory): the status says StartError.</summary>
    public bool StartFailed { get; init; }
    public string? Message { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(SandboxRecord))]
[JsonSerializable(typeof(ContainerRecord))]
[JsonSerializable(typeof(ContainerExit))]
public sealed partial class RuntimeJsonContext : JsonSerializerContext;

/// <summary>Reads and writes the records atomically (write, fsync, rename), so a crash leaves the old or the new one.</summary>
public static class RecordFiles
{
    public static async Task WriteAsync<T>(string path, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken ct)
    {
        // A name of its own: two writers of one record never share a temporary file; the last rename wins.
        var tmp = $"{path}.{Guid.NewGuid():N}.tmp";
        await using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
        {
            await JsonSerializer.SerializeAsync(stream, value, type, ct);
            stream.Flush(flushToDisk: true);
        }

        File.Move(tmp, path, overwrite: true);
    }

    public static T? TryRead<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), type);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
