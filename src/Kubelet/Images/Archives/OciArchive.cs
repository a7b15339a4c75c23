using System.Formats.Tar;
using System.Text.Json;

namespace Cluster.Kubelet.Images.Archives;

/// <summary>
/// Image archives: an OCI image layout in a tar (<c>oci-layout</c>, <c>index.json</c>, <c>blobs/sha256/…</c>) both
/// ways, and a <c>docker save</c> tar (<c>manifest.json</c>, config JSON, layer tars) for import. Every blob is
/// verified against its digest on the way into the store.
/// </summary>
public static class OciArchive
{
    public const string ImageNameAnnotation = "io.containerd.image.name";
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";

    /// <summary>
    /// Imports every image in an archive (either kind). A name comes from <c>io.containerd.image.name</c>, or from
    /// <c>org.opencontainers.image.ref.name</c> when that is a full reference, or is a tag put on
    /// <paramref name="baseName"/>; for <c>docker save</c>, from RepoTags. Returns the images with their names.
    /// </summary>
    public static async Task<IReadOnlyList<ImageRecord>> ImportAsync(ImageStore store, Stream archive, string? baseName, CancellationToken ct)
    {
        using var writing = store.BeginWrite();
        string dir = Path.Combine(store.Root, "tmp", "import-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            // ExtractToDirectory refuses entries that would land outside dir.
            await TarFile.ExtractToDirectoryAsync(archive, dir, overwriteFiles: true, ct);
            if (File.Exists(Path.Combine(dir, "index.json"))) return await ImportLayoutAsync(store, dir, baseName, ct);
            if (File.Exists(Path.Combine(dir, "manifest.json"))) return await DockerArchive.ImportAsync(store, dir, ct);
            throw new InvalidDataException("archive has neither index.json (OCI layout) nor manifest.json (docker save)");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<IReadOnlyList<ImageRecord>> ImportLayoutAsync(ImageStore store, string dir, string? baseName, CancellationToken ct)
    {
        var index = JsonSerializer.Deserialize(await File.ReadAllBytesAsync(Path.Combine(dir, "index.json"), ct), ImagesJsonContext.Default.ImageIndex)
            ?? throw new InvalidDataException("empty index.json");
        var imported = new List<ImageRecord>();
        foreach (var top in index.Manifests)
        {
            var descriptor = top;
            await CopyBlobAsync(store, dir, descriptor, ct);
            while (MediaTypes.IsIndex(descriptor.MediaType))
            {
                var nested = JsonSerializer.Deserialize(await store.ReadBlobAsync(descriptor.Digest, ct), ImagesJsonContext.Default.ImageIndex)!;
                descriptor = PlatformSelector.Select(nested);
                await CopyBlobAsync(store, dir, descriptor, ct);
            }
            var manifest = JsonSerializer.Deserialize(await store.ReadBlobAsync(descriptor.Digest, ct), ImagesJsonContext.Default.ImageManifest)
                ?? throw new InvalidDataException($"empty manifest {descriptor.Digest}");
            await CopyBlobAsync(store, dir, manifest.Config, ct);
            foreach (var layer in manifest.Layers) await CopyBlobAsync(store, dir, layer, ct);
            imported.Add(await ImagePuller.RegisterAsync(store, manifest, descriptor.Digest, top.Digest, NameOf(top, baseName), ct));
        }
        return imported;
    }

    private static ImageReference? NameOf(Descriptor descriptor, string? baseName)
    {
        var annotations = descriptor.Annotations ?? new Dictionary<string, string>();
        if (annotations.GetValueOrDefault(ImageNameAnnotation) is { } full && ImageReference.TryParse(full, out var named, out _)) return named;
        if (annotations.GetValueOrDefault(RefNameAnnotation) is not { } refName) return baseName is null ? null : ImageReference.Parse(baseName);
        if (refName.Contains('/') || refName.Contains(':')) return ImageReference.TryParse(refName, out var parsed, out _) ? parsed : null;
        return baseName is null ? null : ImageReference.Parse(baseName) with { Tag = refName, Digest = null };
    }

    private static async Task CopyBlobAsync(ImageStore store, string dir, Descriptor descriptor, CancellationToken ct)
    {
        if (store.HasBlob(descriptor.Digest)) return;
        string path = Path.Combine(dir, "blobs", "sha256", ContentDigest.Hex(descriptor.Digest));
        if (!File.Exists(path)) throw new InvalidDataException($"archive lacks blob {descriptor.Digest}");
        await using var file = File.OpenRead(path);
        await store.WriteBlobAsync(descriptor.Digest, file, descriptor.Size > 0 ? descriptor.Size : null, ct);
    }

    /// <summary>Writes a stored image as an OCI image layout tar, named <paramref name="name"/> in index.json.</summary>
    public static async Task ExportAsync(ImageStore store, ImageRecord image, ImageReference name, Stream output, CancellationToken ct)
    {
        var manifestBytes = await store.ReadBlobAsync(image.ManifestDigest, ct);
        var annotations = new Dictionary<string, string>
        {
            [ImageNameAnnotation] = ImagePuller.StoredName(name),
            [RefNameAnnotation] = name.Tag ?? "latest",
        };
        var index = new ImageIndex
        {
            MediaType = MediaTypes.OciIndex,
            Manifests = [new Descriptor
            {
                MediaType = RegistryMediaType(manifestBytes), Digest = image.ManifestDigest, Size = manifestBytes.Length, Annotations = annotations,
                Platform = new Platform { Os = PlatformSelector.Os, Architecture = PlatformSelector.Architecture },
            }],
        };
        await using var tar = new TarWriter(output, TarEntryFormat.Ustar, leaveOpen: true);
        await WriteAsync(tar, "oci-layout", """{"imageLayoutVersion":"1.0.0"}"""u8.ToArray(), ct);
        await WriteAsync(tar, "index.json", JsonSerializer.SerializeToUtf8Bytes(index, ImagesJsonContext.Default.ImageIndex), ct);
        foreach (string digest in image.Layers.Append(image.Id).Append(image.ManifestDigest).Distinct())
        {
            await using var blob = store.OpenBlob(digest);
            var entry = new UstarTarEntry(TarEntryType.RegularFile, "blobs/sha256/" + ContentDigest.Hex(digest))
            {
                DataStream = blob, Mode = (UnixFileMode)0b110_100_100, ModificationTime = DateTimeOffset.UnixEpoch,
            };
            await tar.WriteEntryAsync(entry, ct);
        }
    }

    private static string RegistryMediaType(byte[] manifest) => Registry.RegistryClient.MediaTypeOf(manifest);

    private static async Task WriteAsync(TarWriter tar, string name, byte[] content, CancellationToken ct)
    {
        var entry = new UstarTarEntry(TarEntryType.RegularFile, name)
        {
            DataStream = new MemoryStream(content), Mode = (UnixFileMode)0b110_100_100, ModificationTime = DateTimeOffset.UnixEpoch,
        };
        await tar.WriteEntryAsync(entry, ct);
    }
}
