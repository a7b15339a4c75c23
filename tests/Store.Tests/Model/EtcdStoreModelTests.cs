using Cluster.Store.Etcd;
using Xunit.Abstractions;

namespace Cluster.Store.Tests.Model;

/// <summary>The model-based test against real etcd through the etcd engine; one etcd for the class, a new client per test.</summary>
public sealed class EtcdStoreModelTests(EtcdModelFixture fixture, ITestOutputHelper output) : StoreModelTests(output), IClassFixture<EtcdModelFixture>
{
    protected override Task<IKeyValueStore> OpenStoreAsync() =>
        Task.FromResult<IKeyValueStore>(EtcdStore.Connect(new EtcdStoreOptions { Endpoints = [fixture.Etcd.ClientUrl] }));
}
