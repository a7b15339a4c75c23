namespace Cluster.Kubelet.Server;

/// <summary>
/// One container instance as the streaming API needs it: its CRI-format log file, its runc id and root (for
/// <c>cluster-shim exec</c>), whether it was started with stdin and a tty, and the bundle directory whose
/// <c>attach.sock</c> the shim serves.
/// </summary>
public sealed record ContainerTarget(
    string PodUid,
    string ContainerName,
    string ContainerId,
    string LogPath,
    bool Running,
    bool Stdin,
    bool Tty,
    string BundleDirectory,
    string RuncRoot)
{
    public string AttachSocketPath => Path.Combine(BundleDirectory, "attach.sock");
}
