namespace Cluster.Kubelet.Nodes;

/// <summary>Size and free space of the filesystem holding a path.</summary>
public readonly record struct Filesystem(long TotalBytes, long AvailableBytes)
{
    /// <summary>The filesystem of the nearest existing ancestor of <paramref name="path"/> (the mount with the longest matching prefix).</summary>
    public static Filesystem Of(string path)
    {
        var full = Path.GetFullPath(path);
        var drive = DriveInfo.GetDrives()
            .Where(d => IsUnder(full, d.RootDirectory.FullName))
            .OrderByDescending(d => d.RootDirectory.FullName.Length)
            .FirstOrDefault(d => { try { return d.IsReady && d.TotalSize > 0; } catch (IOException) { return false; } });
        return drive is null ? default : new Filesystem(drive.TotalSize, drive.AvailableFreeSpace);
    }

    private static bool IsUnder(string path, string root) =>
        root == "/" || path == root.TrimEnd('/') || path.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal);
}
