using System.Net;
using System.Net.Sockets;
using Cluster.Store;
using Cluster.Store.Etcd;
using Cluster.TestKit;

namespace Cluster.Cli.Tests.Commands;

/// <summary><c>cluster store</c> as a user runs it: a real process serving the etcd API on loopback, stopped with Ctrl+C.</summary>
public sealed class StoreCommandTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Store_serves_the_etcd_api_exits_0_on_sigint_and_keeps_its_data_across_a_restart()
    {
        using var dir = new TempDirectory("cluster-store");
        var key = "/cluster-store/greeting".B();

        long written;
        var port = FreePort();
        await using (var first = ClusterProcess.Start("store", "--data-dir", dir.Path, "--listen", $"127.0.0.1:{port}"))
        {
            var url = await first.ServingUrl.WaitAsync(Wait);
            Assert.Equal(new Uri($"http://127.0.0.1:{port}"), url);
            await using (var store = EtcdStore.Connect(new EtcdStoreOptions { Endpoints = [url] }))
            {
                written = (await store.PutAsync(new PutRequest(key, "hello".B()))).Revision;
                Assert.Equal("hello", Assert.Single((await store.RangeAsync(new RangeRequest(key))).Kvs).Value.S());
            }

            await first.InterruptAsync();

            Assert.Equal(0, await first.WaitForExitAsync(Wait));
            Assert.Contains(first.Output, line => line.Contains($"Stopping at revision {written}", StringComparison.Ordinal));
        }

        port = FreePort();
        await using (var second = ClusterProcess.Start("store", "--data-dir", dir.Path, "--listen", $"127.0.0.1:{port}"))
        {
            var url = await second.ServingUrl.WaitAsync(Wait);
            await using (var store = EtcdStore.Connect(new EtcdStoreOptions { Endpoints = [url] }))
            {
                var kv = Assert.Single((await store.RangeAsync(new RangeRequest(key))).Kvs);
                Assert.Equal("hello", kv.Value.S());
                Assert.Equal(written, kv.ModRevision);
            }

            await second.InterruptAsync();

            Assert.Equal(0, await second.WaitForExitAsync(Wait));
        }
    }

    [Fact]
    public async Task Store_exits_1_with_a_message_when_its_port_is_taken()
    {
        using var dir = new TempDirectory("cluster-store");
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        await using var process = ClusterProcess.Start("store", "--data-dir", dir.Path, "--listen", $"127.0.0.1:{port}");

        Assert.Equal(1, await process.WaitForExitAsync(Wait));
        Assert.Contains(process.Output, line => line.Contains($"Cannot listen on 127.0.0.1:{port}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Store_rejects_a_listen_address_without_a_port()
    {
        using var dir = new TempDirectory("cluster-store");

        await using var process = ClusterProcess.Start("store", "--data-dir", dir.Path, "--listen", "127.0.0.1");

        Assert.NotEqual(0, await process.WaitForExitAsync(Wait));
        Assert.Contains(process.Output, line => line.Contains("--listen must be an IP address and port", StringComparison.Ordinal));
    }

    /// <summary>A loopback port nobody listens on right now.</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
