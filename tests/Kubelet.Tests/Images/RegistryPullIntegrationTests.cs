using System.Diagnostics;
using Cluster.Kubelet.Images;
using Cluster.Kubelet.Images.Registry;
using Cluster.TestKit;

namespace Cluster.Kubelet.Tests.Images;

/// <summary>Pulls from a real docker-registry on loopback (the image pushed by our own client).</summary>
public sealed class RegistryPullIntegrationTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>, IDisposable
{
    private readonly TempDirectory _temp = new("image-pull");

    public void Dispose() => _temp.Dispose();

    private string Image(string repositoryAndTag) => $"{fixture.Registry.HostPort}/{repositoryAndTag}";

    private async Task<ImageManager> ManagerAsync(RegistriesConfig? registries = null, TimeProvider? time = null) =>
        new(await ImageStore.OpenAsync(_temp.Combine("store-" + Guid.NewGuid().ToString("N")[..8]), time), registries, time);

    [Fact]
    public async Task PullsByTagAndByDigestIntoARunnableRootfs()
    {
        using var manager = await ManagerAsync();
        var byTag = await manager.EnsureImageAsync(Image("busybox:latest"), ImagePullPolicy.Always);

        Assert.Equal(fixture.ManifestDigest, byTag.Digest);
        Assert.Equal(fixture.Busybox.Id, byTag.ImageId);
        Assert.Equal(["sh"], byTag.Config.Cmd);
        Assert.Contains(byTag.Config.Env, e => e.StartsWith("PATH=", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(byTag.RootfsPath, "bin/busybox")));
        Assert.Equal("busybox", new FileInfo(Path.Combine(byTag.RootfsPath, "bin/sh")).LinkTarget);
        Assert.Contains("nobody", File.ReadAllText(Path.Combine(byTag.RootfsPath, "etc/passwd")));
        if (Environment.UserName == "root") Assert.Equal("hello from the image\n", await ChrootAsync(byTag.RootfsPath, "echo hello from the image"));

        using var fresh = await ManagerAsync();
        var byDigest = await fresh.EnsureImageAsync(Image("busybox@" + fixture.ManifestDigest), ImagePullPolicy.IfNotPresent);
        Assert.Equal(byTag.ImageId, byDigest.ImageId);
        Assert.Equal(fixture.ManifestDigest, byDigest.Digest);
    }

    [Fact]
    public async Task DockerHubNameResolvesThroughAConfiguredMirror()
    {
        var registries = RegistriesConfig.Parse($"""
            mirrors:
              docker.io:
                endpoint:
                  - "http://{fixture.Registry.HostPort}"
            """);
        using var manager = await ManagerAsync(registries);

        var image = await manager.EnsureImageAsync("busybox", ImagePullPolicy.IfNotPresent);

        Assert.Equal("docker.io/library/busybox:latest", image.Reference.ToString());
        Assert.Equal(fixture.Busybox.Id, image.ImageId);
        Assert.Contains("docker.io/library/busybox:latest", manager.Store.FindById(image.ImageId)!.Names);
    }

    [Fact]
    public async Task MirrorsAreTriedInOrderPastOneThatIsDown()
    {
        int closedPort = FreePort.Pick(); // nothing listens there
        var registries = RegistriesConfig.Parse($"""
            mirrors:
              docker.io:
                endpoint: ["http://127.0.0.1:{closedPort}", "http://{fixture.Registry.HostPort}"]
            """);
        using var manager = await ManagerAsync(registries);

        var image = await manager.EnsureImageAsync("docker.io/library/busybox:latest", ImagePullPolicy.Always);

        Assert.Equal(fixture.Busybox.Id, image.ImageId);
    }

    [Fact]
    public async Task BadTagIsErrImagePullWithTheRegistrysMessageThenBackOff()
    {
        var time = new ManualTime();
        using var manager = await ManagerAsync(time: time);

        var error = await Assert.ThrowsAsync<ImagePullException>(() => manager.EnsureImageAsync(Image("busybox:no-such-tag"), ImagePullPolicy.IfNotPresent));
        Assert.Equal(ImagePullException.ErrImagePull, error.Reason);
        Assert.Contains("manifest unknown", error.Message);

        var again = await Assert.ThrowsAsync<ImagePullException>(() => manager.EnsureImageAsync(Image("busybox:no-such-tag"), ImagePullPolicy.IfNotPresent));
        Assert.Equal(ImagePullException.ImagePullBackOff, again.Reason);

        time.Advance(TimeSpan.FromSeconds(11));
        var retried = await Assert.ThrowsAsync<ImagePullException>(() => manager.EnsureImageAsync(Image("busybox:no-such-tag"), ImagePullPolicy.IfNotPresent));
        Assert.Equal(ImagePullException.ErrImagePull, retried.Reason);
    }

    [Fact]
    public async Task NeverWithAMissingImageIsErrImageNeverPullAndInvalidNamesAreInvalidImageName()
    {
        using var manager = await ManagerAsync();

        var never = await Assert.ThrowsAsync<ImagePullException>(() => manager.EnsureImageAsync(Image("busybox:latest"), ImagePullPolicy.Never));
        Assert.Equal(ImagePullException.ErrImageNeverPull, never.Reason);
        var invalid = await Assert.ThrowsAsync<ImagePullException>(() => manager.EnsureImageAsync("Bad//Name", ImagePullPolicy.IfNotPresent));
        Assert.Equal(ImagePullException.InvalidImageName, invalid.Reason);

        await manager.EnsureImageAsync(Image("busybox:latest"), ImagePullPolicy.IfNotPresent);
        Assert.Equal(fixture.Busybox.Id, (await manager.EnsureImageAsync(Image("busybox:latest"), ImagePullPolicy.Never)).ImageId);
    }

    [Fact]
    public async Task ConcurrentRequestsForOneImageShareOnePull()
    {
        using var manager = await ManagerAsync();

        var images = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => manager.EnsureImageAsync(Image("busybox:latest"), ImagePullPolicy.Always)));

        Assert.Single(images.Select(i => i.RootfsPath).Distinct());
        Assert.Single(manager.Store.List());
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(manager.Store.Root, "tmp")));
    }

    [Fact]
    public async Task PresentImageResolvesWithoutUnpackingOrHashingAgain()
    {
        using var manager = await ManagerAsync();
        var first = await manager.EnsureImageAsync(Image("busybox:latest"), ImagePullPolicy.IfNotPresent);
        Assert.NotNull(first.PulledIn);
        var timer = Stopwatch.StartNew();
        for (int i = 0; i < 100; i++) await manager.EnsureImageAsync(Image("busybox:latest"), ImagePullPolicy.IfNotPresent);
        timer.Stop();

        // 100 lookups of a present image: in-memory record plus a directory check each (generous bound for a loaded CI box).
        Assert.True(timer.Elapsed < TimeSpan.FromMilliseconds(500), $"100 lookups took {timer.Elapsed.TotalMilliseconds} ms");
        var always = await manager.EnsureImageAsync(Image("busybox:latest"), ImagePullPolicy.Always);
        Assert.Equal(first.RootfsPath, always.RootfsPath);
        Assert.Null(always.PulledIn); // the registry was asked for the digest, which had not changed: nothing pulled
        Assert.Null((await manager.EnsureImageAsync(Image("busybox:latest"), ImagePullPolicy.IfNotPresent)).PulledIn);
    }

    [Fact]
    public async Task AlwaysPullsAgainOnlyWhenTheTagMovesAndIfNotPresentKeepsWhatItHas()
    {
        string name = Image("moving:latest");
        using var source = await ImageStore.OpenAsync(_temp.Combine("source"));
        var first = await TinyImage.CreateAsync(source, name, "first");
        var second = await TinyImage.CreateAsync(source, name + "-2", "second");
        Assert.NotEqual(first.Id, second.Id);
        using var client = new RegistryClient(fixture.Registry.Url);
        await ImagePuller.PushAsync(client, first, ImageReference.Parse(name), source, CancellationToken.None);
        using var manager = await ManagerAsync();

        var pulled = await manager.EnsureImageAsync(name, ImagePullPolicy.Always);
        Assert.Equal(first.Id, pulled.ImageId);
        Assert.Equal(pulled.RootfsPath, (await manager.EnsureImageAsync(name, ImagePullPolicy.Always)).RootfsPath);

        await ImagePuller.PushAsync(client, second, ImageReference.Parse(name), source, CancellationToken.None);
        Assert.Equal(first.Id, (await manager.EnsureImageAsync(name, ImagePullPolicy.IfNotPresent)).ImageId);
        var moved = await manager.EnsureImageAsync(name, ImagePullPolicy.Always);
        Assert.Equal(second.Id, moved.ImageId);
        Assert.Equal("second", File.ReadAllText(Path.Combine(moved.RootfsPath, "content.txt")));
        Assert.Empty(manager.Store.FindById(first.Id)!.Names); // the tag moved to the new image
    }

    private static async Task<string> ChrootAsync(string rootfs, string script)
    {
        using var process = Process.Start(new ProcessStartInfo("chroot", [rootfs, "/bin/sh", "-c", script]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}
