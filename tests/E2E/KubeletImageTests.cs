using Cluster.TestKit;

namespace Cluster.E2E;

/// <summary>Pods whose image the node pulls from a real registry (Debian's docker-registry on loopback).</summary>
public sealed class KubeletImageTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static async Task PushBusyboxAsync(DockerRegistryProcess registry, string repository)
    {
        using var store = new TempDirectory("push");
        await TestImages.ImportBusyboxAsync(store.Path);
        await using var push = ClusterCommandProcess.Start("images", "push", "busybox:latest", "--to", $"{registry.HostPort}/{repository}", "--data-dir", store.Path);
        Assert.True(await push.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, string.Join('\n', push.RecentOutput));
    }

    [Fact]
    public async Task An_image_pushed_to_a_loopback_registry_is_pulled_and_runs_and_a_bad_tag_is_err_image_pull()
    {
        await using var registry = await DockerRegistryProcess.StartAsync();
        await PushBusyboxAsync(registry, "e2e/busybox:v1");
        await using var server = await ClusterServerProcess.StartAsync(new ClusterServerOptions { Agent = true, ExtraArguments = ["--node-name", "image-e2e"] });
        using var k = new Kubectl(server.Kubeconfig);
        await Eventually.TrueAsync(async () => (await k.RunAsync("get", "serviceaccount", "default")).ExitCode == 0, Patience, "the default service account");

        (await k.RunAsync("run", "pulled", $"--image={registry.HostPort}/e2e/busybox:v1", "--", "sleep", "3600")).Ok();
        (await k.RunAsync("run", "missing", $"--image={registry.HostPort}/e2e/busybox:no-such-tag", "--", "sleep", "3600")).Ok();
        async Task<string> Get(string pod, string path) => (await k.RunAsync("get", "pod", pod, "-o", $"jsonpath={{{path}}}")).Stdout;

        await Eventually.TrueAsync(async () => await Get("pulled", ".status.phase") == "Running", Patience, "the pulled image runs");
        Assert.StartsWith($"{registry.HostPort}/e2e/busybox@sha256:", await Get("pulled", ".status.containerStatuses[0].imageID"));
        var events = (await k.RunAsync("get", "events", "--field-selector", "involvedObject.name=pulled", "-o", "jsonpath={.items[*].message}")).Ok().Stdout;
        Assert.Contains("Successfully pulled image", events, StringComparison.Ordinal);

        await Eventually.TrueAsync(async () => await Get("missing", ".status.containerStatuses[0].state.waiting.reason") is "ErrImagePull" or "ImagePullBackOff",
            Patience, "the bad tag waits in ErrImagePull / ImagePullBackOff");
        Assert.Equal("Pending", await Get("missing", ".status.phase"));
    }
}
