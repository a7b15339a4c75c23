using Cluster.TestKit;

namespace Cluster.E2E;

/// <summary>The scheduler as a user meets it through kubectl, and <c>cluster scheduler</c> leader-elected on its own.</summary>
public sealed class SchedulerTests
{
    [Fact]
    public async Task Kubectl_describe_shows_why_a_pod_waits_and_where_it_went_once_it_fits()
    {
        await using var server = await ClusterServerProcess.StartAsync(new ClusterServerOptions());
        using var k = new Kubectl(server.Kubeconfig);
        await using var nodes = ClusterCommandProcess.Start("hollow-nodes", "--kubeconfig", server.Kubeconfig, "--count", "2", "--cpu", "2", "--start-delay", "0");
        await Eventually.TrueAsync(async () => (await k.RunAsync("get", "nodes", "-o", "name")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 2,
            TimeSpan.FromSeconds(30), "two hollow nodes");
        (await k.RunAsync("taint", "node", "hollow-node-1", "dedicated=gpu:NoSchedule")).Ok();
        await DefaultServiceAccountAsync(k);

        (await k.RunAsync("run", "big", "--image=app:1", "--overrides",
            """{"spec":{"containers":[{"name":"big","image":"app:1","resources":{"requests":{"cpu":"3"}}}]}}""")).Ok();
        await Eventually.TrueAsync(async () => (await k.RunAsync("describe", "pod", "big")).Stdout.Contains(
                "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {dedicated: gpu}.", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "the FailedScheduling event in describe");
        var described = (await k.RunAsync("describe", "pod", "big")).Stdout;
        Assert.Contains("FailedScheduling", described, StringComparison.Ordinal);
        Assert.Contains("default-scheduler", described, StringComparison.Ordinal);
        Assert.Equal("Unschedulable", (await k.RunAsync("get", "pod", "big", "-o", "jsonpath={.status.conditions[?(@.type==\"PodScheduled\")].reason}")).Ok().Stdout);

        (await k.RunAsync("run", "small", "--image=app:1")).Ok();
        await Eventually.TrueAsync(async () => (await k.RunAsync("get", "pod", "small", "-o", "jsonpath={.status.phase}")).Stdout == "Running", TimeSpan.FromSeconds(30), "the small pod runs");
        Assert.Equal("hollow-node-0", (await k.RunAsync("get", "pod", "small", "-o", "jsonpath={.spec.nodeName}")).Ok().Stdout);
        Assert.Contains("Successfully assigned default/small to hollow-node-0", (await k.RunAsync("describe", "pod", "small")).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_schedulers_elect_one_leader_and_the_other_takes_over_when_it_dies()
    {
        await using var server = await ClusterServerProcess.StartAsync(new ClusterServerOptions { ExtraArguments = ["--disable-scheduler"] });
        using var k = new Kubectl(server.Kubeconfig);
        await using var nodes = ClusterCommandProcess.Start("hollow-nodes", "--kubeconfig", server.Kubeconfig, "--count", "1", "--start-delay", "0");
        await using var first = ClusterCommandProcess.Start("scheduler", "--kubeconfig", server.Kubeconfig);
        await using var second = ClusterCommandProcess.Start("scheduler", "--kubeconfig", server.Kubeconfig);

        var holder = "";
        await Eventually.TrueAsync(async () =>
            (holder = (await k.RunAsync("get", "lease", "kube-scheduler", "-n", "kube-system", "-o", "jsonpath={.spec.holderIdentity}")).Stdout).Length > 0,
            TimeSpan.FromSeconds(30), "a scheduler holds the lease");
        await DefaultServiceAccountAsync(k);
        (await k.RunAsync("run", "one", "--image=app:1")).Ok();
        await Eventually.TrueAsync(async () => (await k.RunAsync("get", "pod", "one", "-o", "jsonpath={.spec.nodeName}")).Stdout == "hollow-node-0", TimeSpan.FromSeconds(30), "the leader binds");

        var leader = new[] { first, second }.Single(p => p.RecentOutput.Any(line => line.Contains(holder, StringComparison.Ordinal)));
        await leader.DisposeAsync();
        await Eventually.TrueAsync(async () =>
            (await k.RunAsync("get", "lease", "kube-scheduler", "-n", "kube-system", "-o", "jsonpath={.spec.holderIdentity}")).Stdout is { Length: > 0 } h && h != holder,
            TimeSpan.FromSeconds(40), "the other scheduler takes the lease");
        (await k.RunAsync("run", "two", "--image=app:1")).Ok();
        await Eventually.TrueAsync(async () => (await k.RunAsync("get", "pod", "two", "-o", "jsonpath={.spec.nodeName}")).Stdout == "hollow-node-0", TimeSpan.FromSeconds(30), "the new leader binds");
    }

    /// <summary>Pods are refused until the serviceaccount controller has made the namespace's default account.</summary>
    private static Task DefaultServiceAccountAsync(Kubectl k) =>
        Eventually.TrueAsync(async () => (await k.RunAsync("get", "serviceaccount", "default")).ExitCode == 0, TimeSpan.FromSeconds(60), "the default service account");
}
