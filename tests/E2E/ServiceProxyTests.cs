using Cluster.TestKit;

namespace Cluster.E2E;

/// <summary>One single-node server whose agent runs pods and the service proxy (chains named after its own bridge).</summary>
public sealed class ServiceProxyNodeFixture : IAsyncLifetime
{
    public ClusterServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await ClusterServerProcess.StartAsync(new ClusterServerOptions
    {
        Agent = true, BusyboxImage = true, ExtraArguments = ["--node-name", "proxy-e2e", "--cluster-cidr", "10.46.0.0/16"],
    });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// A Service applied with kubectl is reachable on its cluster IP from the node, through the agent's iptables rules, at
/// the pod that backs it; without a ready pod it is refused at once. The tests choose the cluster IP and NodePort (at
/// random: servers of parallel tests share this host's iptables).
/// </summary>
public sealed class ServiceProxyTests(ServiceProxyNodeFixture node) : IClassFixture<ServiceProxyNodeFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _ns = "p" + Guid.NewGuid().ToString("N")[..8];

    private static async Task<int> CurlAsync(string url)
    {
        using var curl = new System.Diagnostics.Process
        {
            StartInfo = new("curl", ["-sS", "--max-time", "3", "-o", "/dev/null", url]) { RedirectStandardError = true, UseShellExecute = false },
        };
        curl.Start();
        await curl.StandardError.ReadToEndAsync();
        await curl.WaitForExitAsync();
        return curl.ExitCode;
    }

    private static async Task<string?> GetAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            return (await http.GetStringAsync(url)).Trim();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    [Fact]
    public async Task A_cluster_ip_and_a_node_port_reach_the_pod_behind_the_service_and_are_refused_once_it_is_gone()
    {
        using var k = new Kubectl(node.Server.Kubeconfig);
        (await k.RunAsync("create", "namespace", _ns)).Ok();
        await Eventually.TrueAsync(async () => (await k.RunAsync("get", "serviceaccount", "default", "-n", _ns)).ExitCode == 0, Patience, "the default service account");
        var clusterIp = $"10.96.{Random.Shared.Next(1, 250)}.{Random.Shared.Next(2, 250)}";
        var nodePort = Random.Shared.Next(30000, 32768);
        (await k.RunAsync(["apply", "-n", _ns, "-f", "-"], $$"""
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              labels: {app: web}
            spec:
              nodeName: proxy-e2e # the --disable-proxy test joins other nodes to this server
              terminationGracePeriodSeconds: 1
              containers:
              - name: httpd
                image: busybox:latest
                imagePullPolicy: IfNotPresent
                command: ["sh", "-c", "mkdir -p /www && echo hello-from-web > /www/index.html && exec httpd -f -p 8080 -h /www"]
                readinessProbe:
                  tcpSocket: {port: 8080}
                  periodSeconds: 1
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            spec:
              type: NodePort
              clusterIP: {{clusterIp}}
              selector: {app: web}
              ports:
              - name: http
                port: 80
                targetPort: 8080
                nodePort: {{nodePort}}
            """)).Ok();

        await Eventually.TrueAsync(async () => await GetAsync($"http://{clusterIp}/") == "hello-from-web", Patience, $"the cluster IP {clusterIp} answers from the pod");
        var nodeIp = (await k.RunAsync("get", "node", "proxy-e2e", "-o", "jsonpath={.status.addresses[?(@.type==\"InternalIP\")].address}")).Stdout.Trim();
        if (nodeIp is { Length: > 0 } && !nodeIp.StartsWith("127.", StringComparison.Ordinal))
            await Eventually.TrueAsync(async () => await GetAsync($"http://{nodeIp}:{nodePort}/") == "hello-from-web", Patience, $"the NodePort {nodeIp}:{nodePort} answers");

        (await k.RunAsync("delete", "pod", "web", "-n", _ns, "--wait=false")).Ok();
        await Eventually.TrueAsync(async () => await CurlAsync($"http://{clusterIp}/") == 7, Patience, "the cluster IP is refused without endpoints");
        (await k.RunAsync("delete", "namespace", _ns, "--wait=false")).Ok();
    }
    [Fact]
    public async Task An_agent_started_with_disable_proxy_programs_its_pod_network_but_no_service_chains()
    {
        // A second agent started alongside without the flag is the control: once its proxy has written its chains, the
        // first one's would follow within moments, had it a proxy.
        await using var without = StartAgent("--disable-proxy");
        await using var with = StartAgent();

        await Eventually.TrueAsync(async () => (await IptablesSaveAsync()) is var saved
                && saved.Contains($":CS-{with.Bridge}-SERVICES", StringComparison.Ordinal)
                && saved.Contains($":CP-{without.Bridge}-HOSTPORTS", StringComparison.Ordinal),
            Patience, "the control agent's service chains and the other agent's pod network chains");
        // The two started together but need not finish together: the disabled one must stay without chains for a while.
        for (var i = 0; i < 10; i++)
        {
            Assert.DoesNotContain($"CS-{without.Bridge}", await IptablesSaveAsync(), StringComparison.Ordinal);
            await Task.Delay(500);
        }
    }

    private sealed record StartedAgent(string Bridge, ClusterCommandProcess Process, TempDirectory Directory) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Process.DisposeAsync();
            await TestImages.ResetNodeAsync(Directory.Path);
            Directory.Dispose();
        }
    }

    private StartedAgent StartAgent(params string[] extra)
    {
        var dir = new TempDirectory("agent");
        var id = Guid.NewGuid().ToString("N")[..8];
        var token = File.ReadAllText(Path.Combine(node.Server.DataDirectory, "admin.token")).Trim();
        var agent = ClusterCommandProcess.Start(["agent", "--server", node.Server.Url.ToString(), "--token", token,
            "--ca-file", Path.Combine(node.Server.DataDirectory, "ca.crt"), "--node-name", "extra-" + id, "--data-dir", dir.Path,
            "--pod-bridge", "cx" + id, "--pod-cidr", $"10.48.{Random.Shared.Next(250)}.0/24", "--kubelet-port", "0", .. extra]);
        return new StartedAgent(("cx" + id).ToUpperInvariant(), agent, dir);
    }

    [Fact]
    public async Task Cluster_agent_with_a_bad_cluster_cidr_exits_with_a_usage_error()
    {
        await using var agent = ClusterCommandProcess.Start("agent", "--server", "https://127.0.0.1:1", "--token", "t", "--data-dir", Path.GetTempPath(),
            "--cluster-cidr", "10.244.0.0/99");
        Assert.Equal(2, await agent.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    private static async Task<string> IptablesSaveAsync()
    {
        using var save = new System.Diagnostics.Process
        {
            StartInfo = new("iptables-save", ["-t", "nat"]) { RedirectStandardOutput = true, UseShellExecute = false },
        };
        save.Start();
        var text = await save.StandardOutput.ReadToEndAsync();
        await save.WaitForExitAsync();
        return text;
    }
}
