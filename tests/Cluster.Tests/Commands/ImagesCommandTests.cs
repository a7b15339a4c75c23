using System.Diagnostics;
using Cluster.Kubelet.Images;
using Cluster.TestKit;

namespace Cluster.Cli.Tests.Commands;

/// <summary><c>cluster images</c> as a user runs it: build the busybox archive, import it, list it, push it to a real registry.</summary>
public sealed class ImagesCommandTests
{
    [Fact]
    public async Task BuildBusyboxImportListAndPushToARegistry()
    {
        using var dir = new TempDirectory("cluster-images");
        string archive = dir.Combine("out", "busybox.tar");

        var built = await RunAsync("images", "build-busybox", "--out", archive, "--tag", "busybox:test");
        Assert.Contains("docker.io/library/busybox:test", built);
        Assert.True(File.Exists(archive));

        var imported = await RunAsync("images", "import", archive, "--data-dir", dir.Path);
        Assert.Contains("imported docker.io/library/busybox:test", imported);
        Assert.Contains("docker.io/library/busybox:test", await RunAsync("images", "list", "--data-dir", dir.Path));

        await using var registry = await DockerRegistryProcess.StartAsync();
        string target = $"{registry.HostPort}/tools/busybox:pushed";
        Assert.Contains($"pushed {target}", await RunAsync("images", "push", "busybox:test", "--to", target, "--data-dir", dir.Path));

        using var node = await ImageStore.OpenAsync(dir.Combine("node"));
        using var manager = new ImageManager(node);
        var pulled = await manager.EnsureImageAsync(target, ImagePullPolicy.Always);
        Assert.True(File.Exists(Path.Combine(pulled.RootfsPath, "bin", "busybox")));
    }

    private static async Task<string> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(ClusterProcess.DotnetHost())
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(ClusterProcess.ClusterDll());
        foreach (string arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(process.ExitCode == 0, $"cluster {string.Join(' ', args)} exited {process.ExitCode}: {await stderr}");
        return await stdout;
    }
}
