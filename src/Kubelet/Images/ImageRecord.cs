namespace Cluster.Kubelet.Images;

/// <summary>
/// One image in the local store. <see cref="Id"/> is its config digest (what <c>crictl images</c> calls the image
/// id); <see cref="Digest"/> is the digest its name resolved to in the registry (an index's digest for multi-platform
/// images), and <see cref="ManifestDigest"/> the linux/amd64 manifest actually unpacked.
/// </summary>
public sealed record ImageRecord
{
    public required string Id { get; init; }
    public required IReadOnlyList<string> Names { get; init; }
    public required string Digest { get; init; }
    public required string ManifestDigest { get; init; }
    public required IReadOnlyList<string> Layers { get; init; }
    public required ImageRuntimeConfig Config { get; init; }
    /// <summary>Bytes of the manifest, config and layer blobs, as a registry counts an image's size.</summary>
    public long Size { get; init; }
    public DateTimeOffset LastUsed { get; init; }
}

/// <summary>What an image asks of the containers started from it (the image config's <c>config</c> object).</summary>
public sealed record ImageRuntimeConfig
{
    public IReadOnlyList<string> Entrypoint { get; init; } = [];
    public IReadOnlyList<string> Cmd { get; init; } = [];
    public IReadOnlyList<string> Env { get; init; } = [];
    public string WorkingDir { get; init; } = "";
    public string User { get; init; } = "";
    public IReadOnlyList<string> ExposedPorts { get; init; } = [];
    public string? StopSignal { get; init; }

    public static ImageRuntimeConfig From(ContainerConfig? config) => config is null ? new() : new()
    {
        Entrypoint = config.Entrypoint ?? [],
        Cmd = config.Cmd ?? [],
        Env = config.Env ?? [],
        WorkingDir = config.WorkingDir ?? "",
        User = config.User ?? "",
        ExposedPorts = config.ExposedPorts?.Keys.Order(StringComparer.Ordinal).ToArray() ?? [],
        StopSignal = config.StopSignal,
    };
}

/// <summary>An image ready to run: the kubelet's answer from <c>ImageManager.EnsureImageAsync</c>.</summary>
/// <param name="Reference">The normalised reference the pod asked for.</param>
/// <param name="Digest">The registry digest the image resolved to (<c>imageID</c>'s digest in pod status).</param>
/// <param name="ImageId">The config digest.</param>
/// <param name="RootfsPath">The flattened, shared, read-only root file system; put an overlay on it, never write it.</param>
public sealed record LocalImage(ImageReference Reference, string Digest, string ImageId, string RootfsPath, ImageRuntimeConfig Config)
{
    /// <summary>
    /// How long this call's pull took, or null when the image was already present (the kubelet's "Pulled" event says
    /// "Successfully pulled image … in X" or "Container image … already present on machine").
    /// </summary>
    public TimeSpan? PulledIn { get; init; }
}

/// <summary>The store's index file: <c>images.json</c>.</summary>
public sealed record StoredImages
{
    public IReadOnlyList<ImageRecord> Images { get; init; } = [];
}
