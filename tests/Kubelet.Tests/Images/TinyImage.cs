using System.Text.Json;
using Cluster.Kubelet.Images;

namespace Cluster.Kubelet.Tests.Images;

/// <summary>Writes a one-file, one-layer image straight into a store, for tests that need a second, different image.</summary>
internal static class TinyImage
{
    public static async Task<ImageRecord> CreateAsync(ImageStore store, string name, string content)
    {
        var builder = new LayerBuilder().File("content.txt", content);
        var layer = builder.TarGz();
        string diffId = ContentDigest.Of(builder.Tar());
        string layerDigest = ContentDigest.Of(layer);
        await store.WriteBlobAsync(layerDigest, layer, CancellationToken.None);
        var config = JsonSerializer.SerializeToUtf8Bytes(new ImageConfigFile
        {
            Architecture = "amd64", Os = "linux", Config = new ContainerConfig { Cmd = ["cat", "/content.txt"] },
            Rootfs = new RootFs { Type = "layers", DiffIds = [diffId] }, // real configs name their layers, so ids differ
        }, ImagesJsonContext.Default.ImageConfigFile);
        string configDigest = ContentDigest.Of(config);
        await store.WriteBlobAsync(configDigest, config, CancellationToken.None);
        var manifest = new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = configDigest, Size = config.Length },
            Layers = [new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = layerDigest, Size = layer.Length }],
        };
        var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, ImagesJsonContext.Default.ImageManifest);
        string manifestDigest = ContentDigest.Of(manifestBytes);
        await store.WriteBlobAsync(manifestDigest, manifestBytes, CancellationToken.None);
        return await ImagePuller.RegisterAsync(store, manifest, manifestDigest, manifestDigest, ImageReference.Parse(name), CancellationToken.None);
    }
}
