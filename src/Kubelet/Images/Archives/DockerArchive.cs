using System.Security.Cryptography;
using System.Text.Json;

namespace Cluster.Kubelet.Images.Archives;

/// <summary>
/// Imports an extracted <c>docker save</c> archive: each manifest.json entry's config and layer tars become blobs,
/// and a Docker schema 2 manifest is written for them, so the image is stored like a pulled one.
/// </summary>
internal static class DockerArchive
{
    public static async Task<IReadOnlyList<ImageRecord>> ImportAsync(ImageStore store, string dir, CancellationToken ct)
    {
        var entries = JsonSerializer.Deserialize(await File.ReadAllBytesAsync(Path.Combine(dir, "manifest.json"), ct),
            ImagesJsonContext.Default.IReadOnlyListDockerArchiveEntry) ?? [];
        var imported = new List<ImageRecord>();
        foreach (var entry in entries)
        {
            var config = await AddFileAsync(store, dir, entry.Config, MediaTypes.DockerConfig, ct);
            var layers = new List<Descriptor>();
            foreach (string layer in entry.Layers) layers.Add(await AddFileAsync(store, dir, layer, null, ct));
            var manifest = new ImageManifest { MediaType = MediaTypes.DockerManifest, Config = config, Layers = layers };
            var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, ImagesJsonContext.Default.ImageManifest);
            string digest = ContentDigest.Of(manifestBytes);
            await store.WriteBlobAsync(digest, manifestBytes, ct);
            var tags = (entry.RepoTags ?? []).Select(t => ImageReference.TryParse(t, out var r, out _) ? r : null).OfType<ImageReference>().ToArray();
            ImageRecord record = await ImagePuller.RegisterAsync(store, manifest, digest, digest, tags.FirstOrDefault(), ct);
            foreach (var tag in tags.Skip(1)) record = await ImagePuller.RegisterAsync(store, manifest, digest, digest, tag, ct);
            imported.Add(record);
        }
        return imported;
    }

    private static async Task<Descriptor> AddFileAsync(ImageStore store, string dir, string relative, string? mediaType, CancellationToken ct)
    {
        string path = Path.GetFullPath(Path.Combine(dir, relative));
        if (!path.StartsWith(dir + "/", StringComparison.Ordinal)) throw new InvalidDataException($"manifest.json names a file outside the archive: {relative}");
        string digest;
        long size;
        bool gzip;
        await using (var file = File.OpenRead(path))
        {
            size = file.Length;
            gzip = file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
            file.Position = 0;
            digest = ContentDigest.FromHash(await SHA256.HashDataAsync(file, ct));
            file.Position = 0;
            await store.WriteBlobAsync(digest, file, size, ct);
        }
        return new Descriptor { MediaType = mediaType ?? (gzip ? MediaTypes.DockerLayerGzip : MediaTypes.DockerLayer), Digest = digest, Size = size };
    }
}
