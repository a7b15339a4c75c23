namespace Cluster.Kubelet.Volumes;

/// <summary>
/// Writes a volume's files so that a container never sees a half-updated set, as the kubelet's AtomicWriter does: the
/// files live in a timestamped directory, <c>..data</c> is a symlink to it, and each top-level name is a symlink through
/// <c>..data</c>. An update writes a new directory and renames a new <c>..data</c> link over the old one (one atomic
/// step), then drops names that went away and the old directory. Nothing is written when nothing changed.
/// </summary>
public static class AtomicWriter
{
    private const string DataLink = "..data";

    /// <summary>Makes <paramref name="directory"/> hold exactly <paramref name="files"/>; returns false when it already did.</summary>
    public static bool Write(string directory, IReadOnlyList<ProjectedFile> files, TimeProvider? time = null)
    {
        Directory.CreateDirectory(directory);
        var dataLink = Path.Combine(directory, DataLink);
        var current = File.Exists(dataLink) || Directory.Exists(dataLink) ? new FileInfo(dataLink).LinkTarget : null;
        if (current is not null && SameContent(Path.Combine(directory, current), files)) return false;

        var stamp = $"..{(time ?? TimeProvider.System).GetUtcNow():yyyy_MM_dd_HH_mm_ss.fffffff}{Random.Shared.Next(1000):D3}";
        var fresh = Path.Combine(directory, stamp);
        Directory.CreateDirectory(fresh);
        foreach (var file in files)
        {
            var target = Path.Combine(fresh, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, file.Content.ToArray());
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(target, (UnixFileMode)(file.Mode & 0xFFF));
        }

        var tmpLink = Path.Combine(directory, "..data_tmp");
        if (File.Exists(tmpLink) || Directory.Exists(tmpLink)) File.Delete(tmpLink);
        File.CreateSymbolicLink(tmpLink, stamp);
        NativeFs.Rename(tmpLink, dataLink); // the switch: one atomic step

        var names = files.Select(f => f.Path.Split('/')[0]).ToHashSet(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var link = Path.Combine(directory, name);
            if (new FileInfo(link).LinkTarget is null && !File.Exists(link) && !Directory.Exists(link))
                File.CreateSymbolicLink(link, Path.Combine(DataLink, name));
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(directory))
        {
            var name = Path.GetFileName(entry);
            if (name.StartsWith("..", StringComparison.Ordinal))
            {
                if (name != DataLink && name != stamp) DeleteEntry(entry);
            }
            else if (!names.Contains(name))
            {
                DeleteEntry(entry);
            }
        }

        return true;
    }

    private static bool SameContent(string directory, IReadOnlyList<ProjectedFile> files)
    {
        if (!Directory.Exists(directory)) return false;
        var existing = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Count();
        if (existing != files.Count) return false;
        foreach (var file in files)
        {
            var path = Path.Combine(directory, file.Path);
            if (!File.Exists(path) || (!OperatingSystem.IsWindows() && (int)File.GetUnixFileMode(path) != (file.Mode & 0xFFF)) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(file.Content.Span)) return false;
        }

        return true;
    }

    private static void DeleteEntry(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null || File.Exists(path)) File.Delete(path);
        else if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
    }
}
