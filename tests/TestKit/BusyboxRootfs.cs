using System.Diagnostics;

namespace Cluster.TestKit;

/// <summary>
/// An image-like root file system for runc tests without an image store: the host's static busybox with a link for each
/// of its applets, the usual top-level directories, and an /etc/passwd with root and nobody.
/// </summary>
public static class BusyboxRootfs
{
    private const string Busybox = "/bin/busybox";

    private static readonly Lazy<string[]> Applets = new(() =>
    {
        using var list = Process.Start(new ProcessStartInfo(Busybox, "--list") { RedirectStandardOutput = true, UseShellExecute = false })!;
        var names = list.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        list.WaitForExit();
        return names.Where(n => n != "busybox").ToArray();
    });

    /// <summary>Fills <paramref name="dir"/> (made if missing) and returns it.</summary>
    public static string Create(string dir)
    {
        foreach (var sub in new[] { "bin", "proc", "dev", "sys", "tmp", "etc" }) Directory.CreateDirectory(Path.Combine(dir, sub));
        File.Copy(Busybox, Path.Combine(dir, "bin", "busybox"));
        foreach (var applet in Applets.Value) File.CreateSymbolicLink(Path.Combine(dir, "bin", applet), "busybox");
        File.WriteAllText(Path.Combine(dir, "etc", "passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
        return dir;
    }
}
