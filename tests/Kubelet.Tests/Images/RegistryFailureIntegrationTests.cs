using Cluster.Kubelet.Images;
using Cluster.Kubelet.Images.Archives;
using Cluster.Kubelet.Images.Registry;
using Cluster.TestKit;

namespace Cluster.Kubelet.Tests.Images;

/// <summary>Registries that go away or serve bad bytes: each test runs its own real docker-registry.</summary>
public sealed class RegistryFailureIntegrationTests : IDisposable
{
    private readonly TempDirectory _temp = new("image-failure");

    public void Dispose() => _temp.Dispose();

    private async Task<(DockerRegistryProcess Registry, ImageRecord Image, string Name)> RegistryWithBusyboxAsync()
    {
        var registry = await DockerRegistryProcess.StartAsync();
        try
        {
            using var source = await ImageStore.OpenAsync(_temp.Combine("source"));
            var image = await BusyboxImage.BuildAsync(source, ImageReference.Parse("busybox"));
            string name = $"{registry.HostPort}/busybox:latest";
            using var client = new RegistryClient(registry.Url);
            await ImagePuller.PushAsync(client, image, ImageReference.Parse(name), source, CancellationToken.None);
            return (registry, image, name);
        }
        catch
        {
            await registry.DisposeAsync();
            throw;
        }
    }

    [Fact]
    public async Task IfNotPresentUsesTheStoredImageWithoutTheRegistryButAlwaysNeedsIt()
    {
        var (registry, _, name) = await RegistryWithBusyboxAsync();
        await using var _ = registry;
        using var manager = new ImageManager(await ImageStore.OpenAsync(_temp.Combine("node")));
        var pulled = await manager.EnsureImageAsync(name, ImagePullPolicy.IfNotPresent);

        await registry.StopAsync();

        Assert.Equal(pulled.RootfsPath, (await manager.EnsureImageAsync(name, ImagePullPolicy.IfNotPresent)).RootfsPath);
        var always = await Assert.ThrowsAsync<ImagePullException>(() => manager.EnsureImageAsync(name, ImagePullPolicy.Always));
        Assert.Equal(ImagePullException.ErrImagePull, always.Reason);
    }

    [Fact]
    public async Task CorruptedLayerIsRejectedAndNotStored()
    {
        var (registry, image, name) = await RegistryWithBusyboxAsync();
        await using var _ = registry;
        string layer = image.Layers[0];
        string data = registry.BlobDataPath(layer);
        var bytes = await File.ReadAllBytesAsync(data);
        bytes[bytes.Length / 2] ^= 0xff;
        await File.WriteAllBytesAsync(data, bytes);
        using var manager = new ImageManager(await ImageStore.OpenAsync(_temp.Combine("node")));

        var error = await Assert.ThrowsAsync<ImagePullException>(() => manager.EnsureImageAsync(name, ImagePullPolicy.IfNotPresent));

        Assert.Equal(ImagePullException.ErrImagePull, error.Reason);
        Assert.Contains("failed verification", error.Message);
        Assert.False(manager.Store.HasBlob(layer));
        Assert.Empty(manager.Store.List());
    }
}
