using System.Text;
using Cluster.Kubelet.Volumes;
using Cluster.TestKit;

namespace Cluster.Kubelet.Tests.Volumes;

public sealed class AtomicWriterTests
{
    private static ProjectedFile File(string path, string text, int mode = 420) => new(path, Encoding.UTF8.GetBytes(text), mode);

    [Fact]
    public void Files_appear_through_links_to_a_data_directory_with_their_modes()
    {
        using var dir = new TempDirectory("atomic");
        Assert.True(AtomicWriter.Write(dir.Path, [File("a.txt", "one"), File("conf/app.yaml", "x: 1", 256)]));
        Assert.Equal("one", System.IO.File.ReadAllText(Path.Combine(dir.Path, "a.txt")));
        Assert.Equal("x: 1", System.IO.File.ReadAllText(Path.Combine(dir.Path, "conf", "app.yaml")));
        Assert.Equal("..data/a.txt", new FileInfo(Path.Combine(dir.Path, "a.txt")).LinkTarget);
        Assert.StartsWith("..", new FileInfo(Path.Combine(dir.Path, "..data")).LinkTarget, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead, System.IO.File.GetUnixFileMode(Path.Combine(dir.Path, "..data", "conf", "app.yaml")));
    }

    [Fact]
    public void Writing_the_same_files_again_changes_nothing()
    {
        using var dir = new TempDirectory("atomic");
        AtomicWriter.Write(dir.Path, [File("a.txt", "one")]);
        var data = new FileInfo(Path.Combine(dir.Path, "..data")).LinkTarget;
        Assert.False(AtomicWriter.Write(dir.Path, [File("a.txt", "one")]));
        Assert.Equal(data, new FileInfo(Path.Combine(dir.Path, "..data")).LinkTarget);
    }

    [Fact]
    public void An_update_switches_every_file_at_once_drops_removed_names_and_the_old_directory()
    {
        using var dir = new TempDirectory("atomic");
        AtomicWriter.Write(dir.Path, [File("a.txt", "one"), File("b.txt", "two")]);
        var before = new FileInfo(Path.Combine(dir.Path, "..data")).LinkTarget!;
        Assert.True(AtomicWriter.Write(dir.Path, [File("a.txt", "uno"), File("c.txt", "tres")]));
        Assert.Equal("uno", System.IO.File.ReadAllText(Path.Combine(dir.Path, "a.txt")));
        Assert.Equal("tres", System.IO.File.ReadAllText(Path.Combine(dir.Path, "c.txt")));
        Assert.False(System.IO.File.Exists(Path.Combine(dir.Path, "b.txt")));
        Assert.False(Directory.Exists(Path.Combine(dir.Path, before)));
        var expected = new[] { "..data", "a.txt", "c.txt", new FileInfo(Path.Combine(dir.Path, "..data")).LinkTarget! }.Order(StringComparer.Ordinal);
        Assert.Equal(expected, Directory.EnumerateFileSystemEntries(dir.Path).Select(e => Path.GetFileName(e)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_mode_change_alone_is_an_update()
    {
        using var dir = new TempDirectory("atomic");
        AtomicWriter.Write(dir.Path, [File("a.txt", "one")]);
        Assert.True(AtomicWriter.Write(dir.Path, [File("a.txt", "one", 384)]));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, System.IO.File.GetUnixFileMode(Path.Combine(dir.Path, "a.txt")));
    }
}
