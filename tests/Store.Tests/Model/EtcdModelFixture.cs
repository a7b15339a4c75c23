using Cluster.TestKit;

namespace Cluster.Store.Tests.Model;

/// <summary>
/// One real etcd for a model test class. The tests of a class run one after another, so each run is the only
/// writer while it runs, which the model's dense-revision check needs.
/// </summary>
public sealed class EtcdModelFixture : IAsyncLifetime
{
    public EtcdProcess Etcd { get; private set; } = null!;

    public async Task InitializeAsync() => Etcd = await EtcdProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (Etcd is not null) await Etcd.DisposeAsync();
    }
}
