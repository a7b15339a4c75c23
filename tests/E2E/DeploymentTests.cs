using Cluster.TestKit;

namespace Cluster.E2E;

/// <summary><c>cluster server</c> (with its controllers) and <c>cluster hollow-nodes</c>, driven by the real kubectl.</summary>
public sealed class HollowClusterFixture : IAsyncLifetime
{
    public ClusterServerProcess Server { get; private set; } = null!;
    public ClusterCommandProcess Nodes { get; private set; } = null!;
    public Kubectl Kubectl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ClusterServerProcess.StartAsync();
        Kubectl = new Kubectl(Server.Kubeconfig);
        Nodes = ClusterCommandProcess.Start("hollow-nodes", "--kubeconfig", Server.Kubeconfig, "--count", "2", "--start-delay", "00:00:00.2");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await Kubectl.RunAsync("get", "nodes", "-l", "node.cluster.io/hollow=true", "-o", "name")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length < 2)
        {
            if (DateTime.UtcNow > deadline || Nodes.HasExited) throw new InvalidOperationException("hollow nodes did not register:\n" + string.Join('\n', Nodes.RecentOutput));
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        await Nodes.DisposeAsync();
        Kubectl.Dispose();
        await Server.DisposeAsync();
    }
}

public sealed class DeploymentTests(HollowClusterFixture fixture) : IClassFixture<HollowClusterFixture>
{
    // There is no scheduler yet: the template binds its pods to a hollow node by name.
    private static string Deployment(string image) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 3
          selector:
            matchLabels: {app: web}
          strategy:
            rollingUpdate: {maxSurge: 1, maxUnavailable: 1}
          template:
            metadata:
              labels: {app: web}
            spec:
              nodeName: hollow-node-0
              containers:
              - name: app
                image: {{image}}
        """;

    [Fact]
    public async Task Kubectl_rolls_a_deployment_out_sets_its_image_undoes_scales_pauses_restarts_and_deletes_it_and_its_namespace()
    {
        var k = fixture.Kubectl;
        var ns = $"deploy-{Guid.NewGuid().ToString("N")[..6]}";
        (await k.RunAsync("create", "namespace", ns)).Ok();
        Assert.Contains("deployment.apps/web created", (await k.RunAsync(["apply", "-n", ns, "-f", "-"], Deployment("app:1"))).Ok().Stdout, StringComparison.Ordinal);
        Assert.Contains("deployment \"web\" successfully rolled out", (await k.RunAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s")).Ok().Stdout, StringComparison.Ordinal);

        (await k.RunAsync("set", "image", "deployment/web", "app=app:2", "-n", ns)).Ok();
        (await k.RunAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s")).Ok();
        var history = (await k.RunAsync("rollout", "history", "deployment/web", "-n", ns)).Ok().Stdout;
        Assert.Contains("REVISION", history, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^1\s", history);
        Assert.Matches(@"(?m)^2\s", history);

        Assert.Contains("rolled back", (await k.RunAsync("rollout", "undo", "deployment/web", "-n", ns)).Ok().Stdout, StringComparison.Ordinal);
        (await k.RunAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s")).Ok();
        Assert.Equal("app:1", (await k.RunAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.template.spec.containers[0].image}")).Ok().Stdout);
        Assert.Matches(@"Image:\s+app:2", (await k.RunAsync("rollout", "history", "deployment/web", "-n", ns, "--revision=2")).Ok().Stdout);
        (await k.RunAsync("rollout", "undo", "deployment/web", "-n", ns, "--to-revision=2")).Ok();
        (await k.RunAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s")).Ok();
        Assert.Equal("app:2", (await k.RunAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.template.spec.containers[0].image}")).Ok().Stdout);

        (await k.RunAsync("scale", "deployment/web", "--replicas=5", "-n", ns)).Ok();
        (await k.RunAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s")).Ok();
        Assert.Equal("5/5", (await k.RunAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.status.readyReplicas}/{.status.replicas}")).Ok().Stdout);

        (await k.RunAsync("rollout", "pause", "deployment/web", "-n", ns)).Ok();
        (await k.RunAsync("set", "image", "deployment/web", "app=app:3", "-n", ns)).Ok();
        var sets = (await k.RunAsync("get", "replicasets", "-n", ns, "-o", "name")).Ok().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, sets.Length); // paused: no new replica set for app:3
        (await k.RunAsync("rollout", "resume", "deployment/web", "-n", ns)).Ok();
        (await k.RunAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s")).Ok();

        Assert.Contains("restarted", (await k.RunAsync("rollout", "restart", "deployment/web", "-n", ns)).Ok().Stdout, StringComparison.Ordinal);
        (await k.RunAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s")).Ok();
        var described = (await k.RunAsync("describe", "deployment", "web", "-n", ns)).Ok().Stdout;
        Assert.Contains("ScalingReplicaSet", described, StringComparison.Ordinal);
        Assert.Contains("NewReplicaSetAvailable", described, StringComparison.Ordinal);

        (await k.RunAsync("delete", "deployment", "web", "-n", ns, "--timeout=60s")).Ok();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await k.RunAsync("get", "replicasets,pods", "-n", ns, "-o", "name")).Ok().Stdout.Trim().Length > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the deployment's replica sets and pods are garbage collected");
            await Task.Delay(200);
        }
        (await k.RunAsync("create", "configmap", "left", "-n", ns)).Ok();
        Assert.Contains("deleted", (await k.RunAsync("delete", "namespace", ns, "--timeout=60s")).Ok().Stdout, StringComparison.Ordinal);
        Assert.NotEqual(0, (await k.RunAsync("get", "namespace", ns)).ExitCode);
    }
}
