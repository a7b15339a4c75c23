using Cluster.Store.Tests.Conformance;

namespace Cluster.Store.Tests.EtcdApi;

/// <summary>
/// The conformance suite against the embedded engine served by <see cref="Cluster.Store.EtcdApi.EtcdApiServer"/> and
/// reached through the etcd engine: what an etcd client sees of the server must be what the store promises.
/// </summary>
public sealed class EmbeddedOverEtcdApiConformanceTests(EtcdApiFixture fixture) : StoreConformance, IClassFixture<EtcdApiFixture>
{
    protected override Task<IKeyValueStore> OpenStoreAsync() => Task.FromResult<IKeyValueStore>(fixture.Connect());
}
