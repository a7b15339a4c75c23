namespace Cluster.Kubelet.Images;

/// <summary>
/// Resolves paths inside a root directory the way a chroot would: symlinks met on the way are followed, but an
/// absolute link target restarts at the root and <c>..</c> stops at the root, so no result lies outside it.
/// </summary>
internal static class ScopedPath
{
    private const int MaxLinks = 255;

    /// <summary>Splits a tar entry name into clean components; rejects names that climb out with <c>..</c>.</summary>
    public static string[] Components(string entryName)
    {
        var parts = entryName.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToArray();
        if (parts.Contains("..")) throw new InvalidDataException($"layer entry \"{entryName}\" has a '..' component");
        return parts;
    }

    /// <summary>
    /// The absolute path of <paramref name="components"/> under <paramref name="root"/>, following symlinks in every
    /// component but the last (which the caller creates, replaces or deletes itself, never through a link).
    /// </summary>
    public static string Resolve(string root, IReadOnlyList<string> components, bool followLast = false)
    {
        var resolved = new List<string>();
        var pending = new LinkedList<string>(components);
        int links = 0;
        while (pending.First is { } node)
        {
            string part = node.Value;
            pending.RemoveFirst();
            if (part is "" or ".") continue;
            if (part == "..")
            {
                if (resolved.Count > 0) resolved.RemoveAt(resolved.Count - 1);
                continue;
            }
            if (pending.Count == 0 && !followLast)
            {
                resolved.Add(part);
                break;
            }
            string candidate = Join(root, resolved, part);
            if (new FileInfo(candidate).LinkTarget is { } target)
            {
                if (++links > MaxLinks) throw new IOException($"too many levels of symbolic links under {candidate}");
                if (target.StartsWith('/')) resolved.Clear();
                foreach (string t in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse()) pending.AddFirst(t);
                continue;
            }
            resolved.Add(part);
        }
        return Join(root, resolved, null);
    }

    private static string Join(string root, List<string> parts, string? last)
    {
        string path = parts.Count == 0 ? root : root + "/" + string.Join('/', parts);
        return last is null ? path : path + "/" + last;
    }
}
