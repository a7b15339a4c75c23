using System.Diagnostics;
using Cluster.TestKit;

namespace Cluster.Store.Tests.Embedded;

/// <summary>
/// A small file system of the test's own, to make disks fail for real: a tmpfs of a given size (writes beyond it get
/// ENOSPC), optionally carrying an ext4 on a loop device that is larger than the tmpfs under it, so writes land in
/// the page cache and fail only when flushed (fdatasync gets an I/O error). Needs root; under CI a missing
/// capability is an error, elsewhere <see cref="Available"/> is false and the test has nothing to run against.
/// </summary>
public sealed class ScratchDisk : IDisposable
{
    private readonly TempDirectory _dir = new("scratch-disk");
    private readonly List<string> _undo = [];

    private ScratchDisk()
    {
    }

    public bool Available { get; private set; }

    /// <summary>Where to put files on the scratch file system.</summary>
    public string Path { get; private set; } = "";

    /// <summary>A tmpfs of <paramref name="megabytes"/> MiB.</summary>
    public static ScratchDisk Tmpfs(int megabytes)
    {
        var disk = new ScratchDisk();
        var mount = disk._dir.Combine("tmpfs");
        Directory.CreateDirectory(mount);
        disk.Available = disk.Step($"mount -t tmpfs -o size={megabytes}m tmpfs {mount}", $"umount -l {mount}");
        disk.Path = mount;
        return disk.RequireInCi();
    }

    /// <summary>An ext4 of <paramref name="apparentMegabytes"/> MiB whose blocks live on a tmpfs of only <paramref name="backingMegabytes"/> MiB.</summary>
    public static ScratchDisk FailingExt4(int apparentMegabytes, int backingMegabytes)
    {
        var disk = new ScratchDisk();
        var backing = disk._dir.Combine("backing");
        var mount = disk._dir.Combine("ext4");
        Directory.CreateDirectory(backing);
        Directory.CreateDirectory(mount);
        var image = System.IO.Path.Combine(backing, "disk.img");
        disk.Available = disk.Step($"mount -t tmpfs -o size={backingMegabytes}m tmpfs {backing}", $"umount -l {backing}")
            && disk.Step($"truncate -s {apparentMegabytes}M {image}", null)
            && disk.AttachLoop(image, out var device)
            // Everything initialised now (not lazily, in the background), so the tmpfs fills only with the test's writes.
            && disk.Step($"mkfs.ext4 -q -N 64 -J size=1 -E lazy_itable_init=0,lazy_journal_init=0 {device}", null)
            && disk.Step($"mount {device} {mount}", $"umount -l {mount}");
        disk.Path = mount;
        return disk.RequireInCi();
    }

    public void Dispose()
    {
        for (var i = _undo.Count - 1; i >= 0; i--) Run(_undo[i], out _);
        _dir.Dispose();
    }

    private ScratchDisk RequireInCi()
    {
        if (!Available && Environment.GetEnvironmentVariable("CI") == "true")
        {
            Dispose();
            throw new InvalidOperationException("CI must run as root with tmpfs and loop devices so the disk-fault tests can run");
        }
        return this;
    }

    private bool AttachLoop(string image, out string device)
    {
        device = "";
        if (Run($"losetup -f --show {image}", out var output) != 0) return false;
        device = output.Trim();
        _undo.Add($"losetup -d {device}");
        return true;
    }

    private bool Step(string command, string? undo)
    {
        if (Run(command, out _) != 0) return false;
        if (undo is not null) _undo.Add(undo);
        return true;
    }

    private static int Run(string command, out string output)
    {
        output = "";
        var parts = command.Split(' ', 2);
        try
        {
            using var p = Process.Start(new ProcessStartInfo(parts[0], parts.Length > 1 ? parts[1] : "")
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            output = p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
