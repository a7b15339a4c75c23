using Cluster.TestKit;

namespace Cluster.E2E;

/// <summary><c>cluster server --etcd-servers</c>: the same API on real etcd.</summary>
public sealed class EtcdBackedServerTests
{
    [Fact]
    public async Task The_server_runs_on_real_etcd_and_kubectl_works_against_it()
    {
        if (EtcdProcess.FindExecutable() is null)
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", "etcd is not installed (make deps installs etcd-server)");
            return;
        }
        await using var etcd = await EtcdProcess.StartAsync();
        await using var server = await ClusterServerProcess.StartAsync(new ClusterServerOptions { EtcdServers = etcd.ClientUrl.ToString() });
        using var kubectl = new Kubectl(server.Kubeconfig);
        Assert.Contains("kube-system", (await kubectl.RunAsync("get", "namespaces")).Ok().Stdout, StringComparison.Ordinal);
        (await kubectl.RunAsync("create", "configmap", "on-etcd", "--from-literal=a=b")).Ok();
        Assert.Equal("b", (await kubectl.RunAsync("get", "configmap", "on-etcd", "-o", "jsonpath={.data.a}")).Ok().Stdout);
    }
}
