using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using Cluster.Kubelet.Images;
using Cluster.Kubelet.Images.Archives;
using Cluster.TestKit;

namespace Cluster.Kubelet.Tests.Images;

public sealed class ImageArchiveTests : IDisposable
{
    private readonly TempDirectory _temp = new("image-archive");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task BusyboxImageRoundTripsThroughAnOciLayoutTar()
    {
        using var source = await ImageStore.OpenAsync(_temp.Combine("a"));
        var built = await BusyboxImage.BuildAsync(source, ImageReference.Parse("busybox:1.0"));
        using var archive = new MemoryStream();
        await OciArchive.ExportAsync(source, built, ImageReference.Parse("busybox:1.0"), archive, CancellationToken.None);
        archive.Position = 0;

        using var target = await ImageStore.OpenAsync(_temp.Combine("b"));
        var imported = Assert.Single(await OciArchive.ImportAsync(target, archive, null, CancellationToken.None));

        Assert.Equal(built.Id, imported.Id);
        Assert.Equal(built.ManifestDigest, imported.ManifestDigest);
        Assert.Equal(["docker.io/library/busybox:1.0"], imported.Names);
        Assert.Equal(["sh"], imported.Config.Cmd);
        string rootfs = await target.EnsureRootfsAsync(imported, CancellationToken.None);
        foreach (string applet in new[] { "sh", "ls", "cat", "echo", "sleep", "wget", "env", "id", "hostname", "nc" })
            Assert.Equal("busybox", new FileInfo(Path.Combine(rootfs, "bin", applet)).LinkTarget);
        Assert.Contains("root:x:0:0:", File.ReadAllText(Path.Combine(rootfs, "etc/passwd")));
        Assert.Contains("nobody:x:65534:", File.ReadAllText(Path.Combine(rootfs, "etc/group")));
        Assert.True(File.GetUnixFileMode(Path.Combine(rootfs, "tmp")).HasFlag(UnixFileMode.StickyBit));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(target.Root, "tmp")));
    }

    [Fact]
    public async Task DockerSaveArchiveImportsUnderItsRepoTags()
    {
        var layer = new LayerBuilder().File("app/run.sh", "echo hi").Tar();
        string layerHex = Convert.ToHexStringLower(SHA256.HashData(layer));
        byte[] config = Encoding.UTF8.GetBytes(
            """{"architecture":"amd64","os":"linux","config":{"Entrypoint":["/app/run.sh"],"Cmd":["--fast"],"Env":["A=1"],"WorkingDir":"/app","User":"65534","ExposedPorts":{"8080/tcp":{}}},"rootfs":{"type":"layers","diff_ids":["sha256:LAYER"]}}""".Replace("LAYER", layerHex, StringComparison.Ordinal));
        string configHex = Convert.ToHexStringLower(SHA256.HashData(config));
        string manifest = $$"""[{"Config":"{{configHex}}.json","RepoTags":["app:v1","registry.example.com/team/app:v2"],"Layers":["{{layerHex}}/layer.tar"]}]""";
        using var archive = new MemoryStream();
        await using (var tar = new TarWriter(archive, leaveOpen: true))
        {
            // docker save writes the manifest last: order must not matter.
            await Add(tar, $"{layerHex}/layer.tar", layer);
            await Add(tar, $"{configHex}.json", config);
            await Add(tar, "manifest.json", Encoding.UTF8.GetBytes(manifest));
        }
        archive.Position = 0;
        using var store = await ImageStore.OpenAsync(_temp.Combine("store"));

        var image = Assert.Single(await OciArchive.ImportAsync(store, archive, null, CancellationToken.None));

        Assert.Equal("sha256:" + configHex, image.Id);
        Assert.Equal(["docker.io/library/app:v1", "registry.example.com/team/app:v2"], image.Names);
        Assert.Equal(new[] { "/app/run.sh" }, image.Config.Entrypoint);
        Assert.Equal(new[] { "--fast" }, image.Config.Cmd);
        Assert.Equal("/app", image.Config.WorkingDir);
        Assert.Equal("65534", image.Config.User);
        Assert.Equal(new[] { "8080/tcp" }, image.Config.ExposedPorts);
        Assert.Same(image.Id, store.Find(ImageReference.Parse("registry.example.com/team/app:v2"))!.Id);
        string rootfs = await store.EnsureRootfsAsync(image, CancellationToken.None);
        Assert.Equal("echo hi", File.ReadAllText(Path.Combine(rootfs, "app/run.sh")));
    }

    [Fact]
    public async Task ArchiveBlobThatDoesNotMatchItsDigestIsRejected()
    {
        using var source = await ImageStore.OpenAsync(_temp.Combine("a"));
        var built = await BusyboxImage.BuildAsync(source, ImageReference.Parse("busybox"));
        using var good = new MemoryStream();
        await OciArchive.ExportAsync(source, built, ImageReference.Parse("busybox"), good, CancellationToken.None);
        good.Position = 0;
        // Rewrite the archive with the config blob's bytes changed.
        using var bad = new MemoryStream();
        await using (var reader = new TarReader(good))
        await using (var writer = new TarWriter(bad, leaveOpen: true))
        {
            while (await reader.GetNextEntryAsync(copyData: true) is { } entry)
            {
                if (entry.Name.EndsWith(ContentDigest.Hex(built.Id), StringComparison.Ordinal))
                {
                    var bytes = new MemoryStream();
                    await entry.DataStream!.CopyToAsync(bytes);
                    var tampered = bytes.ToArray();
                    tampered[^2] ^= 1;
                    entry.DataStream = new MemoryStream(tampered);
                }
                await writer.WriteEntryAsync(entry);
            }
        }
        bad.Position = 0;
        using var target = await ImageStore.OpenAsync(_temp.Combine("b"));

        await Assert.ThrowsAsync<BlobVerificationException>(() => OciArchive.ImportAsync(target, bad, null, CancellationToken.None));
        Assert.Empty(target.List());
        Assert.False(target.HasBlob(built.Id));
    }

    [Fact]
    public async Task LayoutWithOnlyATagIsNamedFromTheBaseName()
    {
        using var source = await ImageStore.OpenAsync(_temp.Combine("a"));
        var built = await BusyboxImage.BuildAsync(source, ImageReference.Parse("busybox"));
        using var archive = new MemoryStream();
        await using (var writer = new TarWriter(archive, leaveOpen: true))
        {
            var manifest = await source.ReadBlobAsync(built.ManifestDigest, CancellationToken.None);
            string index = $$$"""{"schemaVersion":2,"manifests":[{"mediaType":"{{{MediaTypes.OciManifest}}}","digest":"{{{built.ManifestDigest}}}","size":{{{manifest.Length}}},"annotations":{"org.opencontainers.image.ref.name":"v9"}}]}""";
            await Add(writer, "oci-layout", """{"imageLayoutVersion":"1.0.0"}"""u8.ToArray());
            await Add(writer, "index.json", Encoding.UTF8.GetBytes(index));
            foreach (string digest in built.Layers.Append(built.Id).Append(built.ManifestDigest))
                await Add(writer, "blobs/sha256/" + ContentDigest.Hex(digest), await source.ReadBlobAsync(digest, CancellationToken.None));
        }
        archive.Position = 0;
        using var target = await ImageStore.OpenAsync(_temp.Combine("b"));

        var image = Assert.Single(await OciArchive.ImportAsync(target, archive, "localhost:5000/tools", CancellationToken.None));

        Assert.Equal(["localhost:5000/tools:v9"], image.Names);
    }

    private static async Task Add(TarWriter tar, string name, byte[] content) =>
        await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
}
