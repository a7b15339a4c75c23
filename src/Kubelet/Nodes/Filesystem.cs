namespace Cluster.Kubelet.Nodes;

/// <summary>Size and free space of the filesystem holding a path (the node's nodefs, the image store's disk).</summary>
public readonly record struct Filesystem(long TotalBytes, long AvailableBytes)
{
    public int UsedPercent => TotalBytes <= 0 ? 0 : (int)((TotalBytes - AvailableBytes) * 100 / TotalBytes);

    /// <summary>statvfs of the filesystem holding <paramref name="path"/> (an existing path).</summary>
    public static Filesystem Of(string path)
    {
        var drive = new DriveInfo(path);
        return new Filesystem(drive.TotalSize, drive.AvailableFreeSpace);
    }
}
