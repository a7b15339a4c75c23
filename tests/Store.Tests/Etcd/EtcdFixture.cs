using Cluster.Store.Etcd;
using Cluster.TestKit;

namespace Cluster.Store.Tests.Etcd;

/// <summary>One etcd process and one store on it, shared by the tests of a class; each test uses its own keys.</summary>
public sealed class EtcdFixture : IAsyncLifetime
{
    private int _prefixes;

    public EtcdProcess Etcd { get; private set; } = null!;

    public EtcdStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Etcd = await EtcdProcess.StartAsync(new EtcdProcessOptions { ProgressNotifyInterval = TimeSpan.FromMilliseconds(200) });
        Store = EtcdStore.Connect(new EtcdStoreOptions { Endpoints = [Etcd.ClientUrl] });
    }

    public async Task DisposeAsync()
    {
        if (Store is not null) await Store.DisposeAsync();
        if (Etcd is not null) await Etcd.DisposeAsync();
    }

    /// <summary>A key prefix no other test uses.</summary>
    public string Prefix(string test) => $"/{test}/{Interlocked.Increment(ref _prefixes)}/";
}
