using System.Text.Json;
using Cluster.Kubelet.Images.Registry;

namespace Cluster.Kubelet.Images;

/// <summary>
/// Pulls one image from one registry endpoint into the store: the manifest (through an index to linux/amd64 when
/// the name points at one), then the config and layer blobs it lacks, each verified against its digest, and
/// finally the image record. Push is the reverse, for <c>cluster images push</c> and tests.
/// </summary>
public static class ImagePuller
{
    private const int ParallelLayers = 3;
    private const int MaxIndexDepth = 2;

    public static async Task<ImageRecord> PullAsync(RegistryClient client, ImageReference reference, ImageStore store, CancellationToken ct)
    {
        using var writing = store.BeginWrite();
        var top = await client.GetManifestAsync(reference.Repository, reference.ManifestReference, ct);
        if (reference.Digest is { } pinned && top.Digest != pinned)
            throw new BlobVerificationException(pinned, $"registry served a manifest hashing to {top.Digest}");
        var current = top;
        var fetched = new List<ManifestResponse> { top };
        for (int depth = 0; MediaTypes.IsIndex(current.MediaType); depth++)
        {
            if (depth == MaxIndexDepth) throw new InvalidDataException("image index nests too deeply");
            var index = JsonSerializer.Deserialize(current.Content, ImagesJsonContext.Default.ImageIndex) ?? throw new InvalidDataException("empty image index");
            var chosen = PlatformSelector.Select(index);
            current = await client.GetManifestAsync(reference.Repository, chosen.Digest, ct);
            fetched.Add(current);
        }
        if (!MediaTypes.IsManifest(current.MediaType)) throw new InvalidDataException($"unsupported manifest type \"{current.MediaType}\"");
        var manifest = JsonSerializer.Deserialize(current.Content, ImagesJsonContext.Default.ImageManifest) ?? throw new InvalidDataException("empty manifest");

        await client.FetchBlobAsync(reference.Repository, manifest.Config, store, ct);
        await Parallel.ForEachAsync(manifest.Layers, new ParallelOptions { MaxDegreeOfParallelism = ParallelLayers, CancellationToken = ct },
            async (layer, token) => await client.FetchBlobAsync(reference.Repository, layer, store, token));
        foreach (var m in fetched) await store.WriteBlobAsync(m.Digest, m.Content, ct);
        return await RegisterAsync(store, manifest, current.Digest, top.Digest, reference, ct);
    }

    /// <summary>Records an image whose manifest, config and layers are all in the store, under <paramref name="name"/>.</summary>
    public static async Task<ImageRecord> RegisterAsync(ImageStore store, ImageManifest manifest, string manifestDigest, string digest, ImageReference? name, CancellationToken ct)
    {
        var configBytes = await store.ReadBlobAsync(manifest.Config.Digest, ct);
        var config = JsonSerializer.Deserialize(configBytes, ImagesJsonContext.Default.ImageConfigFile) ?? new ImageConfigFile();
        if (config.Os is { } os && os != PlatformSelector.Os) throw new InvalidDataException($"image is for {os}, not {PlatformSelector.Os}");
        long size = manifest.Config.Size + manifest.Layers.Sum(l => l.Size);
        var record = new ImageRecord
        {
            Id = manifest.Config.Digest,
            Names = [],
            Digest = digest,
            ManifestDigest = manifestDigest,
            Layers = manifest.Layers.Select(l => l.Digest).ToArray(),
            Config = ImageRuntimeConfig.From(config.Config),
            Size = size,
        };
        return await store.PutAsync(record, name is null ? null : StoredName(name), ct);
    }

    /// <summary>The name an image is kept under: <c>registry/repo:tag</c>, or <c>registry/repo@digest</c> for a pinned one.</summary>
    public static string StoredName(ImageReference reference) =>
        reference.Digest is { } digest ? $"{reference.Name}@{digest}" : $"{reference.Name}:{reference.Tag ?? "latest"}";

    /// <summary>Pushes a stored image (layers, config, manifest) to <paramref name="target"/>'s repository and tag.</summary>
    public static async Task<string> PushAsync(RegistryClient client, ImageRecord image, ImageReference target, ImageStore store, CancellationToken ct)
    {
        var manifestBytes = await store.ReadBlobAsync(image.ManifestDigest, ct);
        foreach (string blob in image.Layers.Append(image.Id))
            await client.PushBlobAsync(target.Repository, blob, () => store.OpenBlob(blob), store.BlobSize(blob), ct);
        string mediaType = RegistryClient.MediaTypeOf(manifestBytes);
        return await client.PushManifestAsync(target.Repository, target.Tag ?? "latest", mediaType, manifestBytes, ct);
    }
}
