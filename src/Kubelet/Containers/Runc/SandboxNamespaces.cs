namespace Cluster.Kubelet.Containers.Runc;

/// <summary>Where a sandbox's namespaces are pinned; null for one the pod shares with the host.</summary>
public sealed record PinnedNamespaces(string? Network, string? Ipc, string? Uts);

/// <summary>
/// A pod's shared namespaces without a pause process: each is made by unshare(1) and kept alive by a bind mount of its
/// nsfs file, the network one under /var/run/netns as `ip netns add` does (so `ip netns exec` reaches it), IPC and UTS
/// in the sandbox directory. Containers join them through the paths in their config.json.
/// </summary>
public static class SandboxNamespaces
{
    public const string NetnsDirectory = "/var/run/netns";

    public static string NetnsName(string sandboxId) => "cluster-" + sandboxId[..16];

    public static async Task<PinnedNamespaces> CreateAsync(string sandboxId, string sandboxDirectory, bool hostNetwork, bool hostIpc, CancellationToken ct)
    {
        var pinned = new PinnedNamespaces(
            hostNetwork ? null : Path.Combine(NetnsDirectory, NetnsName(sandboxId)),
            hostIpc ? null : Path.Combine(sandboxDirectory, "ipc"),
            hostNetwork ? null : Path.Combine(sandboxDirectory, "uts"));
        var args = new List<string>();
        if (pinned.Network is { } net)
        {
            EnsureNetnsDirectory();
            args.Add("--net=" + Touch(net));
        }

        if (pinned.Ipc is { } ipc) args.Add("--ipc=" + Touch(ipc));
        if (pinned.Uts is { } uts) args.Add("--uts=" + Touch(uts));
        if (args.Count == 0) return pinned;
        args.Add("true");
        try
        {
            await HostCommand.RunAsync("unshare", args, null, ct);
        }
        catch
        {
            Remove(pinned);
            throw;
        }

        return pinned;
    }

    /// <summary>Unmounts and deletes the namespace files; the namespaces end when nothing else uses them. Idempotent.</summary>
    public static void Remove(PinnedNamespaces pinned)
    {
        foreach (var path in new[] { pinned.Network, pinned.Ipc, pinned.Uts })
        {
            if (path is null) continue;
            for (var attempt = 1; ; attempt++)
            {
                NativeFs.Unmount(path);
                try
                {
                    File.Delete(path);
                    break;
                }
                catch (IOException) when (attempt < 3)
                {
                    // Still a mount point: the file was pinned more than once (an adopted sandbox pinned again).
                }
            }
        }
    }

    private static readonly Lock NetnsDirectoryLock = new();
    private static bool _netnsDirectoryReady;

    private static void EnsureNetnsDirectory()
    {
        lock (NetnsDirectoryLock)
        {
            if (_netnsDirectoryReady) return;
            Directory.CreateDirectory(NetnsDirectory);
            NativeFs.EnsureSharedMountPoint(NetnsDirectory);
            _netnsDirectoryReady = true;
        }
    }

    private static string Touch(string path)
    {
        using (File.Open(path, FileMode.OpenOrCreate, FileAccess.Write))
        {
        }

        return path;
    }
}
