using Cluster.Store.Etcd;
using Cluster.Store.Tests.Etcd;

namespace Cluster.Store.Tests.Conformance;

/// <summary>The conformance suite against a real etcd process (one per class) through the etcd engine.</summary>
public sealed class EtcdConformanceTests(EtcdFixture fixture) : StoreConformance, IClassFixture<EtcdFixture>
{
    protected override Task<IKeyValueStore> OpenStoreAsync() =>
        Task.FromResult<IKeyValueStore>(EtcdStore.Connect(new EtcdStoreOptions { Endpoints = [fixture.Etcd.ClientUrl] }));
}
