using System.Text;
using Cluster.Kubelet.Images;
using Cluster.Kubelet.Nodes;
using Cluster.TestKit;

namespace Cluster.Kubelet.Tests.Images;

public sealed class ImageGarbageCollectorTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _temp = new("image-gc");

    public void Dispose() => _temp.Dispose();

    private static ImageRecord Image(string name, long size, int minutesAgo) => new()
    {
        Id = ContentDigest.Of(Encoding.UTF8.GetBytes(name)), Names = [name], Digest = ContentDigest.Of(Encoding.UTF8.GetBytes("m" + name)),
        ManifestDigest = ContentDigest.Of(Encoding.UTF8.GetBytes("m" + name)), Layers = [], Config = new(), Size = size,
        LastUsed = Now.AddMinutes(-minutesAgo),
    };

    [Fact]
    public void BelowTheHighThresholdNothingIsRemoved()
    {
        var images = new[] { Image("a", 100, 60) };
        Assert.Empty(ImageGarbageCollector.ChooseVictims(images, new HashSet<string>(), new Filesystem(1000, 151), new ImageGcOptions(), Now));
    }

    [Fact]
    public void RemovesLeastRecentlyUsedUnusedImagesUntilTheLowThresholdIsReached()
    {
        var oldest = Image("oldest", 30, 300);
        var inUse = Image("in-use", 500, 400);
        var old = Image("old", 40, 200);
        var recent = Image("recent", 100, 100);
        var fresh = Image("fresh", 1000, 1); // younger than the minimum age
        // 90% used: to reach 80%, 100 bytes must go. oldest (30) + old (40) = 70 < 100, so recent (100) goes too.
        var victims = ImageGarbageCollector.ChooseVictims([recent, fresh, old, inUse, oldest], new HashSet<string> { inUse.Id }, new Filesystem(1000, 100),
            new ImageGcOptions(), Now);

        Assert.Equal(["oldest", "old", "recent"], victims.Select(v => v.Names[0]));
    }

    [Fact]
    public void ThresholdsAreConfigurable()
    {
        var images = new[] { Image("a", 10, 60), Image("b", 10, 50) };
        var options = new ImageGcOptions { HighThresholdPercent = 50, LowThresholdPercent = 49 };
        // 50% used; reaching 49% needs 10 bytes: one image.
        Assert.Equal(["a"], ImageGarbageCollector.ChooseVictims(images, new HashSet<string>(), new Filesystem(1000, 500), options, Now).Select(v => v.Names[0]));
        Assert.Throws<ArgumentException>(() => new ImageGcOptions { HighThresholdPercent = 70, LowThresholdPercent = 80 }.Validate());
    }

    [Fact]
    public async Task CollectRemovesChosenImagesTheirRootfsAndUnreferencedBlobs()
    {
        var time = new ManualTime(Now);
        using var store = await ImageStore.OpenAsync(_temp.Path, time);
        async Task<ImageRecord> Put(string name, string content)
        {
            var layer = new LayerBuilder().File("f", content).Tar();
            string digest = ContentDigest.Of(layer);
            await store.WriteBlobAsync(digest, layer, CancellationToken.None);
            var image = await store.PutAsync(Image(name, layer.Length, 0) with { Layers = [digest] }, null, CancellationToken.None);
            await store.EnsureRootfsAsync(image, CancellationToken.None);
            return image;
        }
        var unused = await Put("unused", "1");
        time.Advance(TimeSpan.FromMinutes(1));
        var used = await Put("used", "2");
        time.Advance(TimeSpan.FromMinutes(10));
        string orphan = ContentDigest.Of("orphan"u8);
        await store.WriteBlobAsync(orphan, "orphan"u8.ToArray(), CancellationToken.None);
        var gc = new ImageGarbageCollector(store, diskUsage: () => new Filesystem(1000, 50), time: time);

        var result = await gc.CollectAsync(new HashSet<string> { used.Id }, CancellationToken.None);

        Assert.Equal([unused.Id], result.Removed.Select(r => r.Id));
        Assert.Equal([used.Id], store.List().Select(i => i.Id));
        Assert.False(Directory.Exists(store.RootfsPath(unused.Id)));
        Assert.True(Directory.Exists(store.RootfsPath(used.Id)));
        Assert.False(store.HasBlob(orphan));
        Assert.False(store.HasBlob(unused.Layers[0]));
        Assert.True(store.HasBlob(used.Layers[0]));
    }

    [Fact]
    public void RealDiskUsageReadsTheFileSystemOfTheStore()
    {
        var usage = Filesystem.Of(_temp.Path);
        Assert.True(usage.TotalBytes > 0);
        Assert.InRange(usage.AvailableBytes, 0, usage.TotalBytes);
    }
}
