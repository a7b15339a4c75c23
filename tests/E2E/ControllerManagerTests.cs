using Cluster.TestKit;

namespace Cluster.E2E;

/// <summary><c>cluster controller-manager</c> on its own against a server that runs no controllers: leader-elected, and one works.</summary>
public sealed class ControllerManagerTests
{
    [Fact]
    public async Task Two_controller_managers_elect_one_leader_which_runs_the_controllers_and_the_other_takes_over_when_it_dies()
    {
        await using var server = await ClusterServerProcess.StartAsync(new ClusterServerOptions { ExtraArguments = ["--disable-controllers"] });
        using var k = new Kubectl(server.Kubeconfig);
        (await k.RunAsync("create", "namespace", "cm")).Ok();
        await using var first = ClusterCommandProcess.Start("controller-manager", "--kubeconfig", server.Kubeconfig);
        await using var second = ClusterCommandProcess.Start("controller-manager", "--kubeconfig", server.Kubeconfig);

        var holder = "";
        await Eventually.TrueAsync(async () =>
            (holder = (await k.RunAsync("get", "lease", "kube-controller-manager", "-n", "kube-system", "-o", "jsonpath={.spec.holderIdentity}")).Stdout).Length > 0,
            TimeSpan.FromSeconds(30), "a controller manager holds the lease");

        (await k.RunAsync("create", "deployment", "web", "--image=app:1", "--replicas=2", "-n", "cm")).Ok();
        await Eventually.TrueAsync(async () => (await k.RunAsync("get", "pods", "-n", "cm", "-o", "name")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 2,
            TimeSpan.FromSeconds(30), "the leader's controllers create the pods");
        Assert.Equal("default", (await k.RunAsync("get", "serviceaccount", "default", "-n", "cm", "-o", "jsonpath={.metadata.name}")).Ok().Stdout);

        // Kill whichever leads; the other takes the lease over within its duration (15 s) and carries on.
        var processes = new[] { first, second };
        var leader = processes.Single(p => p.RecentOutput.Any(line => line.Contains(holder, StringComparison.Ordinal))); // each logs its identity
        await leader.DisposeAsync();
        await Eventually.TrueAsync(async () =>
            (await k.RunAsync("get", "lease", "kube-controller-manager", "-n", "kube-system", "-o", "jsonpath={.spec.holderIdentity}")).Stdout is { Length: > 0 } h && h != holder,
            TimeSpan.FromSeconds(40), "the other controller manager takes the lease");
        (await k.RunAsync("scale", "deployment", "web", "--replicas=3", "-n", "cm")).Ok();
        await Eventually.TrueAsync(async () => (await k.RunAsync("get", "pods", "-n", "cm", "-o", "name")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 3,
            TimeSpan.FromSeconds(30), "the new leader's controllers scale");
    }
}
