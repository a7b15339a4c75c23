using Cluster.Kubelet.Images;
using Cluster.Kubelet.Images.Archives;
using Cluster.Kubelet.Images.Registry;
using Cluster.TestKit;

namespace Cluster.Kubelet.Tests.Images;

/// <summary>
/// One real docker-registry per test class, holding the busybox test image (built from /bin/busybox) pushed with our
/// own client as <c>busybox:latest</c> and <c>library/busybox:latest</c> (the path a docker.io mirror serves).
/// </summary>
public sealed class RegistryFixture : IAsyncLifetime
{
    private readonly TempDirectory _source = new("busybox-source");
    private DockerRegistryProcess? _registry;

    internal DockerRegistryProcess Registry => _registry!;

    public ImageRecord Busybox { get; private set; } = null!;

    /// <summary>The digest the registry serves for the pushed manifest.</summary>
    public string ManifestDigest { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _registry = await DockerRegistryProcess.StartAsync();
        try
        {
            using var store = await ImageStore.OpenAsync(_source.Path);
            Busybox = await BusyboxImage.BuildAsync(store, ImageReference.Parse("busybox:latest"));
            using var client = new RegistryClient(_registry.Url);
            foreach (string repository in new[] { "busybox", "library/busybox" })
                ManifestDigest = await ImagePuller.PushAsync(client, Busybox, ImageReference.Parse($"{_registry.HostPort}/{repository}:latest"), store, CancellationToken.None);
        }
        catch
        {
            // xunit does not dispose a fixture whose initialisation failed.
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (_registry is not null) await _registry.DisposeAsync();
        _source.Dispose();
    }
}
