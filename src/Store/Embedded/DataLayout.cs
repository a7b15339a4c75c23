using System.Globalization;
using Cluster.Store.Embedded.Snapshots;

namespace Cluster.Store.Embedded;

/// <summary>
/// The data directory: <c>LOCK</c> (held while open), <c>wal/</c> (log segments) and <c>snap/</c> (snapshots).
/// Holding the lock keeps a second process from opening the same directory.
/// </summary>
internal sealed class DataLayout : IDisposable
{
    private readonly FileStream _lock;

    private DataLayout(string root, FileStream lockFile)
    {
        Root = root;
        _lock = lockFile;
        Log = Path.Combine(root, "wal");
        Snapshots = Path.Combine(root, "snap");
        Directory.CreateDirectory(Log);
        Directory.CreateDirectory(Snapshots);
    }

    public string Root { get; }
    public string Log { get; }
    public string Snapshots { get; }

    /// <summary>Creates the directory if needed and takes its lock, or fails if another process holds it.</summary>
    public static DataLayout Open(string root)
    {
        Directory.CreateDirectory(root);
        var lockPath = Path.Combine(root, "LOCK");
        FileStream lockFile;
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock) on Unix.
            lockFile = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new StoreUnavailableException($"data directory {root} is in use by another process (lock file {lockPath})", e);
        }
        return new DataLayout(root, lockFile);
    }

    /// <summary>Complete snapshots, oldest first.</summary>
    public static List<(long Lsn, string Path)> ListSnapshots(string directory)
    {
        var result = new List<(long, string)>();
        foreach (var path in Directory.EnumerateFiles(directory, "*" + SnapshotFormat.Extension))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (name.Length == 16 && long.TryParse(name, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var lsn))
                result.Add((lsn, path));
        }
        result.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return result;
    }

    /// <summary>Removes snapshots (and any other temporary files) a crash left half-written.</summary>
    public void RemoveIncompleteFiles()
    {
        foreach (var tmp in Directory.EnumerateFiles(Snapshots, "*.tmp")) File.Delete(tmp);
        foreach (var tmp in Directory.EnumerateFiles(Log, "*.tmp")) File.Delete(tmp);
    }

    public void Dispose() => _lock.Dispose();
}
