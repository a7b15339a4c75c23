using System.Net;
using Cluster.Store.Etcd.Grpc;
using Cluster.Store.EtcdApi;
using Cluster.TestKit;

namespace Cluster.Store.Tests.EtcdApi;

/// <summary>What clients see when the server stops, and what a client that goes away leaves behind.</summary>
public sealed class EtcdApiServerLifetimeTests
{
    [Fact]
    public async Task Stopping_the_server_ends_open_watch_streams_with_unavailable_server_stopped()
    {
        var fixture = await EtcdApiFixture.StartAsync(o => o with { ShutdownTimeout = TimeSpan.FromSeconds(30) });
        try
        {
            using var client = new RawGrpcClient(fixture.Address);
            await using var stream = await client.WatchAsync(RawWatchStream.Create("/lifetime/".B()));
            Assert.True((await stream.NextAsync()).Created);

            await fixture.Server.DisposeAsync();

            // The stream's own status, not a connection dropped when the shutdown timeout ran out.
            var e = await Assert.ThrowsAsync<GrpcStatusException>(() => stream.ReadAsync());
            Assert.Equal(GrpcStatusCode.Unavailable, e.Code);
            Assert.Equal("etcdserver: server stopped", e.Detail);
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_etcd_engine_watch_survives_a_server_restart_on_the_same_store_without_gap()
    {
        var fixture = await EtcdApiFixture.StartAsync(o => o);
        try
        {
            var prefix = "/restart/".B();
            var address = fixture.Address;
            await using var client = fixture.Connect();
            var start = (await client.PutAsync(new PutRequest("/restart/0".B(), "v".B()))).Revision;
            await using var watch = client.Watch(WatchRequest.Prefix(prefix, start)).GetAsyncEnumerator();
            Assert.True(await watch.MoveNextAsync());

            await fixture.Server.DisposeAsync();
            await fixture.Store.PutAsync(new PutRequest("/restart/1".B(), "v".B()));
            await using var again = await EtcdApiServer.StartAsync(
                fixture.Store, fixture.Options with { Endpoint = new IPEndPoint(IPAddress.Loopback, address.Port) });

            var events = new List<WatchEvent>();
            while (events.Count < 1)
            {
                Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
                events.AddRange(watch.Current.Events);
            }
            Assert.Equal("/restart/1", events[0].Kv.Key.S());
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }
}
