using System.Text.Json;

namespace Cluster.Kubelet.Network;

/// <summary>
/// The sandboxes with hostPort mappings: one <c>&lt;sandbox id&gt;.json</c> per sandbox in <see cref="Directory"/>, written
/// atomically (temp file + rename), read once at construction. Not thread-safe: <see cref="BridgeNetwork"/> calls it
/// under its rules lock.
/// </summary>
public sealed class HostPortRecords
{
    private readonly Dictionary<string, HostPortRecord> _records = new(StringComparer.Ordinal);

    public HostPortRecords(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        foreach (var path in System.IO.Directory.EnumerateFiles(directory, "*.json"))
        {
            try
            {
                if (JsonSerializer.Deserialize(File.ReadAllText(path), NetworkJsonContext.Default.HostPortRecord) is { } record)
                    _records[record.SandboxId] = record;
            }
            catch (JsonException)
            {
                File.Delete(path);                                          // torn by a crash before the rename; rewritten on the next SetUp
            }
        }
    }

    public string Directory { get; }

    /// <summary>The records ordered by sandbox id, so the rules they become are the same after every restart.</summary>
    public IReadOnlyList<HostPortRecord> All => [.. _records.Values.OrderBy(r => r.SandboxId, StringComparer.Ordinal)];

    public HostPortRecord? Find(string sandboxId) => _records.GetValueOrDefault(sandboxId);

    public void Put(HostPortRecord record)
    {
        var path = PathOf(record.SandboxId);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(record, NetworkJsonContext.Default.HostPortRecord));
        File.Move(temp, path, overwrite: true);
        _records[record.SandboxId] = record;
    }

    public bool Remove(string sandboxId)
    {
        File.Delete(PathOf(sandboxId));
        return _records.Remove(sandboxId);
    }

    private string PathOf(string sandboxId) => Path.Combine(Directory, sandboxId + ".json");
}
