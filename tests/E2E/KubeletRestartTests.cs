using Cluster.TestKit;

namespace Cluster.E2E;

/// <summary>The node agent crashes (SIGKILL) and comes back: running containers are adopted, not restarted.</summary>
public sealed class KubeletRestartTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_killed_agent_adopts_its_running_containers_and_cleans_up_pods_deleted_meanwhile()
    {
        await using var server = await ClusterServerProcess.StartAsync(new ClusterServerOptions { Agent = true, BusyboxImage = true, ExtraArguments = ["--node-name", "restart-e2e"] });
        using var k = new Kubectl(server.Kubeconfig);
        await Eventually.TrueAsync(async () => (await k.RunAsync("get", "serviceaccount", "default")).ExitCode == 0, Patience, "the default service account");
        foreach (var name in new[] { "keeper", "goner" })
            (await k.RunAsync(["run", name, "--image=busybox:latest", "--image-pull-policy=IfNotPresent", "--", "sleep", "3600"], null)).Ok();
        async Task<string> Get(string pod, string path) => (await k.RunAsync("get", "pod", pod, "-o", $"jsonpath={{{path}}}")).Stdout;
        foreach (var name in new[] { "keeper", "goner" })
            await Eventually.TrueAsync(async () => await Get(name, ".status.phase") == "Running", Patience, $"{name} runs");
        var keeperId = await Get("keeper", ".status.containerStatuses[0].containerID");
        var goner = (await Get("goner", ".status.containerStatuses[0].containerID")).Replace("runc://", "", StringComparison.Ordinal);

        await server.KillAsync(entireTree: false);
        var containers = Path.Combine(server.DataDirectory, "agent", "runtime", "containers");
        Assert.True(Directory.Exists(Path.Combine(containers, goner)));
        await server.StartAgainAsync();
        // Force-deleted: the object is gone at once, so only the agent's comparison of its runtime with the API finds it.
        (await k.RunAsync("delete", "pod", "goner", "--grace-period=0", "--force")).Ok();
        await Eventually.TrueAsync(() => !Directory.Exists(Path.Combine(containers, goner)), Patience, "the force-deleted pod's container is removed");
        Assert.Equal(keeperId, await Get("keeper", ".status.containerStatuses[0].containerID"));
        Assert.Equal("0", await Get("keeper", ".status.containerStatuses[0].restartCount"));
        Assert.Equal("Running", await Get("keeper", ".status.phase"));
    }
}
