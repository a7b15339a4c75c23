using System.Text;
using Cluster.Kubelet.Images;
using Cluster.TestKit;

namespace Cluster.Kubelet.Tests.Images;

public sealed class ImageStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new("image-store");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task BlobWhoseBytesDoNotMatchItsDigestIsNotStored()
    {
        using var store = await ImageStore.OpenAsync(_temp.Path);
        string digest = ContentDigest.Of("good"u8);

        await Assert.ThrowsAsync<BlobVerificationException>(() => store.WriteBlobAsync(digest, Encoding.UTF8.GetBytes("evil"), CancellationToken.None));
        Assert.False(store.HasBlob(digest));
        Assert.Empty(Directory.EnumerateFiles(_temp.Combine("tmp")));

        await Assert.ThrowsAsync<BlobVerificationException>(() => store.WriteBlobAsync(digest, new MemoryStream("good"u8.ToArray()), 3, CancellationToken.None));
        Assert.False(store.HasBlob(digest));

        await store.WriteBlobAsync(digest, "good"u8.ToArray(), CancellationToken.None);
        Assert.Equal("good", Encoding.UTF8.GetString(await store.ReadBlobAsync(digest, CancellationToken.None)));
    }

    [Fact]
    public async Task ImageIsUnpackedOnceAndItsRecordSurvivesReopening()
    {
        var layer1 = new LayerBuilder().File("etc/hostname", "one").File("bin/sh", "shell").TarGz();
        var layer2 = new LayerBuilder().Whiteout("etc", "hostname").File("etc/motd", "hi").Tar();
        string l1 = ContentDigest.Of(layer1), l2 = ContentDigest.Of(layer2), config = ContentDigest.Of("{}"u8);
        ImageRecord stored;
        string rootfs;
        using (var store = await ImageStore.OpenAsync(_temp.Path))
        {
            await store.WriteBlobAsync(l1, layer1, CancellationToken.None);
            await store.WriteBlobAsync(l2, layer2, CancellationToken.None);
            var image = new ImageRecord
            {
                Id = config, Names = [], Digest = l1, ManifestDigest = l1, Layers = [l1, l2],
                Config = new ImageRuntimeConfig { Cmd = ["sh"], Env = ["PATH=/bin"] }, Size = 42,
            };
            stored = await store.PutAsync(image, "docker.io/library/test:latest", CancellationToken.None);
            var paths = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => store.EnsureRootfsAsync(stored, CancellationToken.None)));
            rootfs = Assert.Single(paths.Distinct());
            Assert.Equal(["bin", "etc"], Directory.EnumerateDirectories(rootfs).Select(Path.GetFileName).Order());
            Assert.False(File.Exists(Path.Combine(rootfs, "etc/hostname")));
            Assert.Equal("hi", File.ReadAllText(Path.Combine(rootfs, "etc/motd")));

            // A second ensure finds the tree by name: a marker placed in it is still there (nothing was re-unpacked).
            File.WriteAllText(Path.Combine(rootfs, "marker"), "");
            Assert.Equal(rootfs, await store.EnsureRootfsAsync(stored, CancellationToken.None));
            Assert.True(File.Exists(Path.Combine(rootfs, "marker")));
        }

        using (var reopened = await ImageStore.OpenAsync(_temp.Path))
        {
            var found = reopened.Find(ImageReference.Parse("test"));
            Assert.NotNull(found);
            Assert.Equivalent(stored, found, strict: true);
            Assert.Same(found, reopened.Find(ImageReference.Parse("test@" + l1)));
            Assert.Null(reopened.Find(ImageReference.Parse("test:other")));

            await reopened.RemoveAsync(config, CancellationToken.None);
            Assert.False(Directory.Exists(rootfs));
            Assert.Equal(layer1.Length + layer2.Length, reopened.PruneBlobs());
            Assert.Empty(reopened.ListBlobs());
        }
    }

    [Fact]
    public async Task OnlyOneOpenerAtATime()
    {
        using (var store = await ImageStore.OpenAsync(_temp.Path))
        {
            var error = await Assert.ThrowsAsync<IOException>(() => ImageStore.OpenAsync(_temp.Path));
            Assert.Contains("in use", error.Message);
        }
        using var reopened = await ImageStore.OpenAsync(_temp.Path);
    }

    [Fact]
    public async Task TagMovesToTheNewestImageThatClaimsIt()
    {
        using var store = await ImageStore.OpenAsync(_temp.Path);
        ImageRecord Image(string id) => new()
        {
            Id = ContentDigest.Of(Encoding.UTF8.GetBytes(id)), Names = [], Digest = ContentDigest.Of(Encoding.UTF8.GetBytes("m" + id)),
            ManifestDigest = ContentDigest.Of(Encoding.UTF8.GetBytes("m" + id)), Layers = [], Config = new(),
        };
        var a = await store.PutAsync(Image("a"), "docker.io/library/app:v1", CancellationToken.None);
        var b = await store.PutAsync(Image("b"), "docker.io/library/app:v1", CancellationToken.None);

        Assert.Equal(b.Id, store.Find(ImageReference.Parse("app:v1"))!.Id);
        Assert.Empty(store.FindById(a.Id)!.Names);
    }
}
