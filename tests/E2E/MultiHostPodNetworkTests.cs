using Cluster.TestKit;

namespace Cluster.E2E;

/// <summary>
/// Pods on different hosts reach each other by pod IP: the node IPAM gives each host's Node its own podCIDR, and each
/// agent routes the other hosts' podCIDRs via their addresses (host-gw) without masquerading pod-to-pod traffic. The hosts
/// are network namespaces of this machine, each running <c>cluster agent</c> against one <c>cluster server</c>.
/// </summary>
[Trait("tier", "e2e")]
public sealed class MultiHostPodNetworkTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);
    private readonly string _ns = "mh" + Guid.NewGuid().ToString("N")[..8];

    // /www/cgi-bin/peer answers with the address the request came from (busybox httpd's CGI sets REMOTE_ADDR).
    private static string WebPod(string name, string node) => $$"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{name}}
        spec:
          nodeName: {{node}}
          terminationGracePeriodSeconds: 1
          containers:
          - name: httpd
            image: busybox:latest
            imagePullPolicy: IfNotPresent
            command: ["sh", "-c", "mkdir -p /www/cgi-bin && hostname > /www/index.html && printf '#!/bin/sh\\necho Content-Type: text/plain\\necho\\necho $REMOTE_ADDR\\n' > /www/cgi-bin/peer && chmod +x /www/cgi-bin/peer && exec httpd -f -p 8080 -h /www"]
        """;

    [Fact]
    public async Task Pods_on_two_hosts_get_addresses_from_distinct_node_cidrs_and_reach_each_other_by_pod_ip_unmasqueraded()
    {
        await using var cluster = await MultiHostCluster.StartAsync(new MultiHostClusterOptions { Hosts = 2, BusyboxImage = true });
        using var k = new Kubectl(cluster.Server.Kubeconfig);
        var (a, b) = (cluster.Hosts[0], cluster.Hosts[1]);

        var cidrA = (await k.RunAsync("get", "node", a.NodeName, "-o", "jsonpath={.spec.podCIDR}")).Ok().Stdout;
        var cidrB = (await k.RunAsync("get", "node", b.NodeName, "-o", "jsonpath={.spec.podCIDR}")).Ok().Stdout;
        Assert.NotEqual(cidrA, cidrB);
        Assert.All([cidrA, cidrB], c => Assert.Matches(@"^10\.244\.\d+\.0/24$", c));
        await Eventually.TrueAsync(async () => (await a.RunAsync("ip", "route", "show", "proto", "165")).Ok().Stdout.Contains($"{cidrB} via {b.Address}", StringComparison.Ordinal)
            && (await b.RunAsync("ip", "route", "show", "proto", "165")).Ok().Stdout.Contains($"{cidrA} via {a.Address}", StringComparison.Ordinal),
            Patience, "each host routes the other's podCIDR via its address");

        (await k.RunAsync("create", "namespace", _ns)).Ok();
        await Eventually.TrueAsync(async () => (await k.RunAsync("get", "serviceaccount", "default", "-n", _ns)).ExitCode == 0, Patience, "the default service account");
        (await k.RunAsync(["apply", "-n", _ns, "-f", "-"], WebPod("web-a", a.NodeName) + "\n---\n" + WebPod("web-b", b.NodeName))).Ok();
        var ips = new Dictionary<string, string>();
        await Eventually.TrueAsync(async () =>
        {
            var pods = (await k.RunAsync("get", "pods", "-n", _ns, "-o", "jsonpath={range .items[*]}{.metadata.name}={.status.containerStatuses[0].ready}={.status.podIP} {end}")).Stdout
                .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')).ToList();
            foreach (var pod in pods) ips[pod[0]] = pod[2];
            return pods.Count == 2 && pods.All(p => p is [_, "true", { Length: > 0 }]);
        }, Patience, "both pods run (ready) with pod IPs");
        Assert.True(InCidr(ips["web-a"], cidrA), $"web-a's {ips["web-a"]} is in {cidrA}");
        Assert.True(InCidr(ips["web-b"], cidrB), $"web-b's {ips["web-b"]} is in {cidrB}");

        KubectlResult? last = null;
        try
        {
            await Eventually.TrueAsync(async () => (last = await k.RunAsync("exec", "web-a", "-n", _ns, "--", "wget", "-qO-", $"http://{ips["web-b"]}:8080/")).Stdout == "web-b\n",
                Patience, "web-a on host-a fetches web-b's page on host-b by its pod IP");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; last try: exit {last?.ExitCode}: {last?.Stdout} {last?.Stderr}\nhost-a: {(await a.RunAsync("ip", "route")).Stdout}\nhost-b: {(await b.RunAsync("ip", "route")).Stdout}", e);
        }
        Assert.Equal("web-a\n", (await k.RunAsync("exec", "web-b", "-n", _ns, "--", "wget", "-qO-", $"http://{ips["web-a"]}:8080/")).Ok().Stdout);
        // The server pod sees the client pod's own address, not its node's: pod-to-pod traffic is not masqueraded.
        Assert.Equal(ips["web-a"], Peer(await k.RunAsync("exec", "web-a", "-n", _ns, "--", "wget", "-qO-", $"http://{ips["web-b"]}:8080/cgi-bin/peer")));
        Assert.Equal(ips["web-b"], Peer(await k.RunAsync("exec", "web-b", "-n", _ns, "--", "wget", "-qO-", $"http://{ips["web-a"]}:8080/cgi-bin/peer")));

        // A restarted agent drops a route of ours that no Node wants any more (its node went while the agent was down)
        // and leaves routes it does not own alone.
        await a.StopAgentAsync();
        (await a.RunAsync("ip", "route", "add", "10.244.250.0/24", "via", b.Address, "proto", "165")).Ok();
        (await a.RunAsync("ip", "route", "add", "10.244.251.0/24", "via", b.Address)).Ok();
        cluster.StartAgent(a);
        await Eventually.TrueAsync(async () => !(await a.RunAsync("ip", "route", "show", "proto", "165")).Ok().Stdout.Contains("10.244.250.0/24", StringComparison.Ordinal),
            Patience, "the restarted agent removes its stale route");
        var routes = (await a.RunAsync("ip", "route")).Ok().Stdout;
        Assert.Contains("10.244.251.0/24 via " + b.Address, routes, StringComparison.Ordinal);
        Assert.Contains($"{cidrB} via {b.Address} dev eth0 proto 165", routes, StringComparison.Ordinal);

        // A deleted Node's route goes.
        (await k.RunAsync("delete", "node", b.NodeName, "--wait=false")).Ok();
        await Eventually.TrueAsync(async () => !(await a.RunAsync("ip", "route", "show", "proto", "165")).Ok().Stdout.Contains(cidrB, StringComparison.Ordinal),
            Patience, "host-a drops the route to the deleted node's pods");
    }

    /// <summary>The client address httpd saw (it prints an IPv4 peer as [::ffff:a.b.c.d]).</summary>
    private static string Peer(KubectlResult result) =>
        System.Net.IPAddress.Parse(result.Ok().Stdout.Trim().Trim('[', ']')).MapToIPv4().ToString();

    private static bool InCidr(string ip, string cidr) => System.Net.IPNetwork.Parse(cidr).Contains(System.Net.IPAddress.Parse(ip));
}
