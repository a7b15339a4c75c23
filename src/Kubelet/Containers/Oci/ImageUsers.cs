using System.Globalization;

namespace Cluster.Kubelet.Containers.Oci;

/// <summary>
/// Resolves an image's USER ("name", "uid", "name:group", "uid:gid") against the image's own /etc/passwd and
/// /etc/group, as container runtimes do; a numeric user not in passwd runs with gid 0.
/// </summary>
public static class ImageUsers
{
    public static (long Uid, long Gid) Resolve(string rootfs, string user)
    {
        if (string.IsNullOrEmpty(user)) return (0, 0);
        var (userPart, groupPart) = user.IndexOf(':') is var colon and >= 0 ? (user[..colon], user[(colon + 1)..]) : (user, null);

        long uid;
        long gid = 0;
        if (TryNumber(userPart, out uid))
        {
            if (FindEntry(Path.Combine(rootfs, "etc/passwd"), 2, userPart) is { } byUid && TryNumber(byUid[3], out var primary)) gid = primary;
        }
        else
        {
            var entry = FindEntry(Path.Combine(rootfs, "etc/passwd"), 0, userPart)
                ?? throw new ContainerStartException("CreateContainerError", $"unable to find user {userPart}: no matching entries in passwd file");
            if (!TryNumber(entry[2], out uid))
                throw new ContainerStartException("CreateContainerError", $"unable to find user {userPart}: its passwd entry has no numeric uid");
            if (TryNumber(entry[3], out var primary)) gid = primary;
        }

        if (groupPart is { Length: > 0 })
        {
            if (!TryNumber(groupPart, out gid))
            {
                var group = FindEntry(Path.Combine(rootfs, "etc/group"), 0, groupPart)
                    ?? throw new ContainerStartException("CreateContainerError", $"unable to find group {groupPart}: no matching entries in group file");
                if (!TryNumber(group[2], out gid))
                    throw new ContainerStartException("CreateContainerError", $"unable to find group {groupPart}: its group entry has no numeric gid");
            }
        }

        return (uid, gid);
    }

    /// <summary>The primary gid of <paramref name="uid"/> in the image's passwd, or 0.</summary>
    public static long PrimaryGroup(string rootfs, long uid) =>
        FindEntry(Path.Combine(rootfs, "etc/passwd"), 2, uid.ToString(CultureInfo.InvariantCulture)) is { } entry && TryNumber(entry[3], out var gid) ? gid : 0;

    private static bool TryNumber(string s, out long value) =>
        long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static string[]? FindEntry(string file, int field, string value)
    {
        // Reading through a symlink could leave the rootfs; such images get no lookup rather than the host's file.
        if (!File.Exists(file) || new FileInfo(file).LinkTarget is not null) return null;
        foreach (var line in File.ReadLines(file))
        {
            var parts = line.Split(':');
            if (parts.Length >= 4 && parts[field] == value) return parts;
        }

        return null;
    }
}
