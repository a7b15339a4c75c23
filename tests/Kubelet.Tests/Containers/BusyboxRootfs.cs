namespace Cluster.Kubelet.Tests.Containers;

/// <summary>An image-like root file system for runtime tests: the host's static busybox and its applet links.</summary>
public static class BusyboxRootfs
{
    private static readonly string[] Applets = ["sh", "echo", "cat", "sleep", "hostname", "head", "tail", "ls", "true", "readlink", "id", "env"];

    public static string Create(string dir)
    {
        foreach (var sub in new[] { "bin", "proc", "dev", "sys", "tmp", "etc" }) Directory.CreateDirectory(Path.Combine(dir, sub));
        File.Copy("/bin/busybox", Path.Combine(dir, "bin", "busybox"));
        foreach (var applet in Applets) File.CreateSymbolicLink(Path.Combine(dir, "bin", applet), "busybox");
        File.WriteAllText(Path.Combine(dir, "etc", "passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
        return dir;
    }
}
