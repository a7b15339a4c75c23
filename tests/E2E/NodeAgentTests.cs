using Cluster.TestKit;

namespace Cluster.E2E;

/// <summary>The node agent as a user meets it: inside <c>cluster server</c>, and <c>cluster agent</c> joining a server from "another host".</summary>
public sealed class NodeAgentTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task A_single_node_server_lists_this_host_as_a_ready_node_with_its_capacity()
    {
        await using var server = await ClusterServerProcess.StartAsync(new ClusterServerOptions { Agent = true, ExtraArguments = ["--node-name", "e2e-host"] });
        using var k = new Kubectl(server.Kubeconfig);
        await Eventually.TrueAsync(async () => (await k.RunAsync("get", "node", "e2e-host", "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}")).Stdout == "True",
            Patience, "the host is a ready node");
        Assert.Equal(Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (await k.RunAsync("get", "node", "e2e-host", "-o", "jsonpath={.status.capacity.cpu}")).Ok().Stdout);
        var described = (await k.RunAsync("describe", "node", "e2e-host")).Ok().Stdout;
        Assert.Contains("kubelet is posting ready status", described, StringComparison.Ordinal);
        Assert.Contains("kubernetes.io/hostname=e2e-host", described, StringComparison.Ordinal);
        Assert.Equal("e2e-host", (await k.RunAsync("get", "lease", "e2e-host", "-n", "kube-node-lease", "-o", "jsonpath={.spec.holderIdentity}")).Ok().Stdout);
    }

    [Fact]
    public async Task Cluster_agent_joins_a_server_with_its_url_token_and_ca()
    {
        await using var server = await ClusterServerProcess.StartAsync(new ClusterServerOptions());
        using var k = new Kubectl(server.Kubeconfig);
        using var dir = new TempDirectory("agent");
        var token = File.ReadAllText(Path.Combine(server.DataDirectory, "admin.token")).Trim();
        // Its own bridge, pod range and kubelet port: other agents run on this host too. Reset once the agent is gone.
        await using var reset = new AsyncCleanup(() => TestImages.ResetNodeAsync(dir.Path));
        await using var agent = ClusterCommandProcess.Start("agent", "--server", server.Url.ToString(), "--token", token,
            "--ca-file", Path.Combine(server.DataDirectory, "ca.crt"), "--node-name", "joined-1", "--data-dir", dir.Path, "--node-label", "pool=edge",
            "--pod-bridge", "cj" + Guid.NewGuid().ToString("N")[..8], "--pod-cidr", $"10.49.{Random.Shared.Next(250)}.0/24", "--kubelet-port", "0");
        await Eventually.TrueAsync(async () => (await k.RunAsync("get", "node", "joined-1", "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}")).Stdout == "True",
            Patience, "the joined node is ready");
        Assert.Equal("edge", (await k.RunAsync("get", "node", "joined-1", "-o", "jsonpath={.metadata.labels.pool}")).Ok().Stdout);
        Assert.Single((await k.RunAsync("get", "nodes", "-o", "name")).Ok().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("https://127.0.0.1:1", null)]
    [InlineData("not a url", "t")]
    [InlineData("http://127.0.0.1:1", "t")]
    [InlineData("https://127.0.0.1:1", "t", "/nonexistent/ca.crt")]
    public async Task Cluster_agent_with_a_bad_server_no_token_or_a_missing_ca_exits_with_a_usage_error(string url, string? token, string? ca = null)
    {
        await using var agent = ClusterCommandProcess.Start(["agent", "--server", url, "--data-dir", Path.GetTempPath(),
            .. token is null ? Array.Empty<string>() : ["--token", token], .. ca is null ? Array.Empty<string>() : ["--ca-file", ca]]);
        Assert.Equal(2, await agent.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }
}
