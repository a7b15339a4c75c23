using Cluster.Store.Embedded;
using Cluster.Store.Etcd;
using Cluster.TestKit;

namespace Cluster.Store.Bench;

/// <summary>A store engine under test: how to start a fresh instance and how to clean up after it.</summary>
internal sealed class Engine(string name, Func<Task<(IKeyValueStore Store, IAsyncDisposable Resources)>> start)
{
    public string Name { get; } = name;

    public Task<(IKeyValueStore Store, IAsyncDisposable Resources)> StartAsync() => start();

    /// <summary>The embedded engine on a fresh temp directory.</summary>
    public static Engine Embedded() => new("embedded", async () =>
    {
        var dir = new TempDirectory("bench-embedded");
        var store = await EmbeddedStore.OpenAsync(new EmbeddedStoreOptions { DataDirectory = dir.Path });
        return (store, new Cleanup(async () => { await store.DisposeAsync(); dir.Dispose(); }));
    });

    /// <summary>A real etcd process on a free loopback port with a fresh data directory, and our client.</summary>
    public static Engine Etcd() => new("etcd", async () =>
    {
        var etcd = await EtcdProcess.StartAsync();
        var store = EtcdStore.Connect(new EtcdStoreOptions { Endpoints = [etcd.ClientUrl] });
        return (store, new Cleanup(async () => { await store.DisposeAsync(); await etcd.DisposeAsync(); }));
    });

    private sealed class Cleanup(Func<Task> cleanup) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await cleanup();
    }
}
