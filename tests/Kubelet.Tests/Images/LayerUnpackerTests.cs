using Cluster.Kubelet.Images;
using Cluster.TestKit;

namespace Cluster.Kubelet.Tests.Images;

public sealed class LayerUnpackerTests : IDisposable
{
    private readonly TempDirectory _temp = new("layers");
    private readonly string _root;

    public LayerUnpackerTests()
    {
        _root = _temp.Combine("rootfs");
        Directory.CreateDirectory(_root);
    }

    public void Dispose() => _temp.Dispose();

    private Task Apply(byte[] layer) => LayerUnpacker.ApplyAsync(new MemoryStream(layer), _root, CancellationToken.None);

    private string P(string relative) => Path.Combine(_root, relative);

    [Fact]
    public async Task UnpacksFilesDirectoriesLinksModesOwnersAndTimes()
    {
        await Apply(new LayerBuilder()
            .Dir("./etc/")
            .File("./etc/passwd", "root:x:0:0::/root:/bin/sh\n", mode: (UnixFileMode)0b110_100_000, uid: 7, gid: 8)
            .Dir("bin", mode: (UnixFileMode)0b111_101_000)
            .File("bin/tool", "#!/bin/sh\n", mode: (UnixFileMode)0b111_101_101 | UnixFileMode.SetUser)
            .Symlink("bin/sh", "tool")
            .HardLink("bin/tool2", "bin/tool")
            .File("implicit/parent/file", "x")
            .CharDevice("dev/null")
            .TarGz());

        Assert.Equal("root:x:0:0::/root:/bin/sh\n", File.ReadAllText(P("etc/passwd")));
        Assert.Equal((UnixFileMode)0b110_100_000, File.GetUnixFileMode(P("etc/passwd")));
        Assert.Equal(LayerBuilder.Time.UtcDateTime, File.GetLastWriteTimeUtc(P("etc/passwd")));
        Assert.Equal(LayerBuilder.Time.UtcDateTime, Directory.GetLastWriteTimeUtc(P("bin")));
        Assert.Equal((UnixFileMode)0b111_101_000, File.GetUnixFileMode(P("bin")));
        Assert.True(File.GetUnixFileMode(P("bin/tool")).HasFlag(UnixFileMode.SetUser));
        Assert.Equal("tool", new FileInfo(P("bin/sh")).LinkTarget);
        Assert.Equal("#!/bin/sh\n", File.ReadAllText(P("bin/sh")));
        File.AppendAllText(P("bin/tool"), "echo same inode\n");
        Assert.Equal(File.ReadAllText(P("bin/tool")), File.ReadAllText(P("bin/tool2")));
        Assert.Equal("x", File.ReadAllText(P("implicit/parent/file")));
        Assert.False(File.Exists(P("dev/null")));
        if (Environment.UserName == "root")
        {
            var stat = Stat(P("etc/passwd"));
            Assert.Equal("7:8", stat);
        }
    }

    [Fact]
    public async Task WhiteoutDeletesWhatLowerLayersPutThere()
    {
        await Apply(new LayerBuilder().File("a/keep", "1").File("a/gone", "2").Dir("a/dir").File("a/dir/deep", "3").Symlink("a/link", "/a/keep").Tar());
        await Apply(new LayerBuilder().Whiteout("a", "gone").Whiteout("a", "dir").Whiteout("a", "link").Tar());

        Assert.True(File.Exists(P("a/keep")));
        Assert.False(File.Exists(P("a/gone")));
        Assert.False(Directory.Exists(P("a/dir")));
        Assert.Null(new FileInfo(P("a/link")).LinkTarget);
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(P("a")), e => Path.GetFileName(e).StartsWith(".wh.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OpaqueDirectoryHidesLowerContentButKeepsItsOwnLayers()
    {
        await Apply(new LayerBuilder().File("d/old", "1").Dir("d/sub").File("d/sub/old", "2").File("other/x", "3").Tar());
        // The new layer writes d/new before the opaque marker and d/sub/new after it: both stay, lower files go.
        await Apply(new LayerBuilder().File("d/new", "4").Dir("d/sub").Opaque("d").File("d/sub/new", "5").Tar());

        Assert.Equal(["new", "sub"], Directory.EnumerateFileSystemEntries(P("d")).Select(Path.GetFileName).Order());
        Assert.Equal(["new"], Directory.EnumerateFileSystemEntries(P("d/sub")).Select(Path.GetFileName));
        Assert.True(File.Exists(P("other/x")));
    }

    [Fact]
    public async Task LaterLayerReplacesFileWithDirectoryAndBack()
    {
        await Apply(new LayerBuilder().File("x", "file").Dir("y").File("y/inner", "1").Tar());
        await Apply(new LayerBuilder().Dir("x").File("x/now-a-dir", "2").File("y", "now a file").Tar());

        Assert.Equal("2", File.ReadAllText(P("x/now-a-dir")));
        Assert.Equal("now a file", File.ReadAllText(P("y")));
    }

    [Theory]
    [InlineData("../escaped")]
    [InlineData("a/../../escaped")]
    [InlineData("/../escaped")]
    public async Task RefusesEntriesThatClimbOutOfTheRoot(string name)
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Apply(new LayerBuilder().File(name, "pwned").Tar()));
        Assert.Contains("..", error.Message);
        Assert.False(File.Exists(_temp.Combine("escaped")));
    }

    [Theory]
    [InlineData("dir/.wh..")]
    [InlineData("dir/.wh.")]
    public async Task RefusesWhiteoutsThatWouldDeleteAParent(string name)
    {
        await Apply(new LayerBuilder().File("dir/keep", "1").Tar());
        await Assert.ThrowsAsync<InvalidDataException>(() => Apply(new LayerBuilder().File(name, "").Tar()));
        Assert.True(File.Exists(P("dir/keep")));
    }

    [Fact]
    public async Task SymlinksInAPathResolveInsideTheRoot()
    {
        string outside = _temp.Combine("outside");
        Directory.CreateDirectory(outside);
        await Apply(new LayerBuilder().Symlink("abs", outside).Symlink("rel", "../../../..").Symlink("etc", "/").Tar());
        await Apply(new LayerBuilder().File("abs/pwned", "a").File("rel/pwned2", "b").HardLink("etc/hard", "abs/pwned").Tar());

        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
        Assert.False(File.Exists(_temp.Combine("pwned2")));
        Assert.Equal("a", File.ReadAllText(P(outside.TrimStart('/') + "/pwned")));
        Assert.Equal("b", File.ReadAllText(P("pwned2")));
        Assert.Equal("a", File.ReadAllText(P("hard")));
        // The links themselves are kept as the image wrote them: the runtime resolves them inside the container.
        Assert.Equal(outside, new FileInfo(P("abs")).LinkTarget);
    }

    [Fact]
    public async Task UncompressedContentIsCheckedAgainstTheDiffId()
    {
        var builder = new LayerBuilder().File("f", "content");
        var tar = builder.Tar();
        var gz = builder.TarGz();

        await LayerUnpacker.ApplyAsync(new MemoryStream(gz), _root, CancellationToken.None, ContentDigest.Of(tar));
        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            LayerUnpacker.ApplyAsync(new MemoryStream(gz), _root, CancellationToken.None, ContentDigest.Of("other"u8)));
        Assert.Contains("diff_id", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task HardLinkToAMissingFileIsAnError() =>
        await Assert.ThrowsAsync<InvalidDataException>(() => Apply(new LayerBuilder().HardLink("h", "nope").Tar()));

    private static string Stat(string path)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%u:%g", path]) { RedirectStandardOutput = true })!;
        string output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return output;
    }
}
