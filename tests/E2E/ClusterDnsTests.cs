using Cluster.TestKit;

namespace Cluster.E2E;

/// <summary>
/// Cluster DNS as a pod meets it: <c>cluster server</c> serves DNS on port 53 of the node's IP (what busybox's nslookup
/// can name) and points the kube-dns Service's EndpointSlice there; a ClusterFirst pod gets the cluster search path, and
/// a pod resolves a Service's name through that server, by full name and, with dnsPolicy None, by short name through
/// its own search path. (The kube-dns ClusterIP itself needs the service proxy, which is not part of this test.)
/// </summary>
public sealed class ClusterDnsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_pod_gets_the_cluster_resolv_conf_and_resolves_a_service_through_cluster_DNS()
    {
        await using var server = await ClusterServerProcess.StartAsync(new ClusterServerOptions
        {
            Agent = true, BusyboxImage = true, Dns = true, ExtraArguments = ["--node-name", "dns-e2e", "--dns-port", "53"],
        });
        using var k = new Kubectl(server.Kubeconfig);
        var ns = "dns" + Guid.NewGuid().ToString("N")[..8];
        (await k.RunAsync("create", "namespace", ns)).Ok();

        var dnsEndpoint = "";
        await Eventually.TrueAsync(async () => (dnsEndpoint = (await k.RunAsync("get", "endpointslice", "kube-dns-dns-e2e", "-n", "kube-system",
            "-o", "jsonpath={.endpoints[0].addresses[0]}:{.ports[0].port}")).Stdout).Contains(':', StringComparison.Ordinal), Patience,
            $"the kube-dns slice\n{string.Join('\n', server.RecentOutput.TakeLast(20))}");
        var nodeIp = dnsEndpoint.Split(':')[0];
        Assert.Equal($"{nodeIp}:53", dnsEndpoint);
        Assert.Equal("10.96.0.10", (await k.RunAsync("get", "service", "kube-dns", "-n", "kube-system", "-o", "jsonpath={.spec.clusterIP}")).Ok().Stdout);
        await Eventually.TrueAsync(async () => (await k.RunAsync("get", "serviceaccount", "default", "-n", ns)).ExitCode == 0, Patience, "the default service account");

        (await k.RunAsync(["apply", "-n", ns, "-f", "-"], $$"""
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              clusterIP: 10.96.77.77
              ports: [{name: http, port: 80}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: cluster-first}
            spec:
              restartPolicy: Never
              terminationGracePeriodSeconds: 1
              containers:
              - name: app
                image: busybox:latest
                imagePullPolicy: IfNotPresent
                command: ["sh", "-c", "cat /etc/resolv.conf; echo ---; nslookup web.{{ns}}.svc.cluster.local {{nodeIp}}"]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: dns-none}
            spec:
              restartPolicy: Never
              terminationGracePeriodSeconds: 1
              dnsPolicy: None
              dnsConfig:
                nameservers: ["{{nodeIp}}"]
                searches: ["{{ns}}.svc.cluster.local"]
                options: [{name: ndots, value: "5"}]
              containers:
              - name: app
                image: busybox:latest
                imagePullPolicy: IfNotPresent
                command: ["sh", "-c", "cat /etc/resolv.conf; echo ---; nslookup web"]
            """, null)).Ok();

        foreach (var pod in new[] { "cluster-first", "dns-none" })
            await Eventually.TrueAsync(async () => (await k.RunAsync("get", "pod", pod, "-n", ns, "-o", "jsonpath={.status.phase}")).Stdout is "Succeeded" or "Failed",
                Patience, $"pod {pod} finished");

        var clusterFirst = (await k.RunAsync("logs", "cluster-first", "-n", ns)).Ok().Stdout;
        var resolvConf = clusterFirst.Split("---")[0];
        Assert.StartsWith($"search {ns}.svc.cluster.local svc.cluster.local cluster.local", resolvConf, StringComparison.Ordinal);
        Assert.Contains("\nnameserver 10.96.0.10\n", resolvConf, StringComparison.Ordinal);
        Assert.EndsWith("options ndots:5\n", resolvConf, StringComparison.Ordinal);
        Assert.Contains($"Name:\tweb.{ns}.svc.cluster.local\nAddress: 10.96.77.77", clusterFirst, StringComparison.Ordinal);

        var none = (await k.RunAsync("logs", "dns-none", "-n", ns)).Ok().Stdout;
        Assert.StartsWith($"search {ns}.svc.cluster.local\nnameserver {nodeIp}\noptions ndots:5\n---", none, StringComparison.Ordinal);
        Assert.Contains($"Name:\tweb.{ns}.svc.cluster.local\nAddress: 10.96.77.77", none, StringComparison.Ordinal);
    }
}
