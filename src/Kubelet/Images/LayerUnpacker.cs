using System.Formats.Tar;
using System.IO.Compression;

namespace Cluster.Kubelet.Images;

/// <summary>
/// Applies one layer (tar, or tar+gzip, detected by its magic bytes) onto a root directory as the OCI image spec's
/// changeset rules say: <c>.wh.NAME</c> deletes NAME from the layers below, <c>.wh..wh..opq</c> empties its directory
/// of everything the layers below put there. Entries never land outside the root: names with <c>..</c> are refused
/// and symlinks in a path are resolved inside the root (<see cref="ScopedPath"/>). Device nodes and fifos are
/// skipped (containers get their /dev from the runtime). Ownership is applied when running as root.
/// </summary>
public static class LayerUnpacker
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueWhiteout = ".wh..wh..opq";

    /// <param name="diffId">
    /// The layer's <c>diff_id</c> from the image config (the digest of the uncompressed tar); when given, a layer whose
    /// uncompressed bytes hash otherwise is an error.
    /// </param>
    public static async Task ApplyAsync(Stream layer, string root, CancellationToken ct, string? diffId = null)
    {
        var decompressed = await DecompressAsync(layer, ct);
        await using var _ = decompressed == layer ? null : decompressed;
        await using var input = new HashingReadStream(decompressed);
        await using (var reader = new TarReader(input, leaveOpen: true))
            await ApplyEntriesAsync(reader, root, ct);
        string actual = await input.FinishAsync(ct);
        if (diffId is not null && actual != diffId)
            throw new InvalidDataException($"layer's uncompressed content hashes to {actual}, but its diff_id in the image config is {diffId}");
    }

    private static async Task ApplyEntriesAsync(TarReader reader, string root, CancellationToken ct)
    {
        var writtenThisLayer = new HashSet<string>(StringComparer.Ordinal);
        var directoryTimes = new List<(string Path, DateTimeOffset Time)>();
        while (await reader.GetNextEntryAsync(copyData: false, ct) is { } entry)
        {
            string[] parts = ScopedPath.Components(entry.Name);
            if (parts.Length == 0) continue; // "./": the root itself keeps its own mode
            string name = parts[^1];
            string parent = ScopedPath.Resolve(root, parts[..^1], followLast: true);
            if (name == OpaqueWhiteout)
            {
                if (Directory.Exists(parent)) ClearOpaque(parent, writtenThisLayer);
                continue;
            }
            if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
            {
                string hidden = name[WhiteoutPrefix.Length..];
                // ".wh.." would otherwise delete the parent's parent, and ".wh." the parent itself.
                if (hidden is "" or "." or "..") throw new InvalidDataException($"layer entry \"{entry.Name}\" is not a valid whiteout");
                DeletePath(Path.Combine(parent, hidden));
                continue;
            }
            EnsureDirectory(root, parent);
            string target = Path.Combine(parent, name);
            if (await ApplyEntryAsync(entry, root, target, ct))
            {
                writtenThisLayer.Add(target);
                if (entry.EntryType == TarEntryType.Directory) directoryTimes.Add((target, entry.ModificationTime));
            }
        }
        // Directory times last: creating their children above changed them.
        foreach (var (path, time) in directoryTimes) Directory.SetLastWriteTimeUtc(path, time.UtcDateTime);
    }

    private static async Task<bool> ApplyEntryAsync(TarEntry entry, string root, string target, CancellationToken ct)
    {
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                if (new FileInfo(target).LinkTarget is not null || File.Exists(target)) DeletePath(target);
                Directory.CreateDirectory(target);
                break;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                DeletePath(target);
                await using (var file = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: false))
                {
                    if (entry.DataStream is { } data) await data.CopyToAsync(file, ct);
                }
                File.SetLastWriteTimeUtc(target, entry.ModificationTime.UtcDateTime);
                break;
            case TarEntryType.SymbolicLink:
                DeletePath(target);
                File.CreateSymbolicLink(target, entry.LinkName);
                break;
            case TarEntryType.HardLink:
                string[] linkParts = ScopedPath.Components(entry.LinkName);
                string existing = ScopedPath.Resolve(root, linkParts);
                if (!File.Exists(existing) && new FileInfo(existing).LinkTarget is null)
                    throw new InvalidDataException($"hard link {entry.Name} points at {entry.LinkName}, which the layer does not have");
                DeletePath(target);
                NativeFs.HardLink(existing, target);
                return true; // a hard link shares its target's inode: mode and owner are the target's
            default:
                return false; // character/block devices, fifos and unknown types are not unpacked
        }
        if (NativeFs.IsRoot) NativeFs.Lchown(target, entry.Uid, entry.Gid);
        if (entry.EntryType != TarEntryType.SymbolicLink) NativeFs.SetMode(target, entry.Mode);
        return true;
    }

    private static async Task<Stream> DecompressAsync(Stream layer, CancellationToken ct)
    {
        if (!layer.CanSeek) throw new ArgumentException("a layer is read from a seekable stream (a stored blob)", nameof(layer));
        var magic = new byte[4];
        long start = layer.Position;
        int read = await layer.ReadAtLeastAsync(magic, magic.Length, throwOnEndOfStream: false, ct);
        layer.Position = start;
        if (read >= 2 && magic[0] == 0x1f && magic[1] == 0x8b) return new GZipStream(layer, CompressionMode.Decompress, leaveOpen: true);
        if (read == 4 && magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd)
            throw new NotSupportedException("zstd-compressed layers are not supported");
        return layer;
    }

    private static void EnsureDirectory(string root, string directory)
    {
        if (Directory.Exists(directory)) return;
        if (!directory.StartsWith(root, StringComparison.Ordinal)) throw new InvalidDataException($"{directory} is outside {root}");
        Directory.CreateDirectory(directory);
    }

    /// <summary>Removes what the layers below put in <paramref name="directory"/>, keeping what this layer wrote.</summary>
    private static void ClearOpaque(string directory, HashSet<string> writtenThisLayer)
    {
        foreach (string child in Directory.EnumerateFileSystemEntries(directory))
        {
            if (!writtenThisLayer.Contains(child)) DeletePath(child);
            else if (Directory.Exists(child) && new FileInfo(child).LinkTarget is null) ClearOpaque(child, writtenThisLayer);
        }
    }

    /// <summary>Deletes a file, a symlink (never what it points at) or a directory tree; absent is fine.</summary>
    internal static void DeletePath(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null || File.Exists(path)) File.Delete(path);
        else if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
    }
}
