using Cluster.Store.Embedded;
using Cluster.TestKit;

namespace Cluster.Store.Tests.Conformance;

/// <summary>The conformance suite against the embedded engine, a fresh data directory per test.</summary>
public sealed class EmbeddedConformanceTests : StoreConformance
{
    private readonly TempDirectory _dir = new("store-conformance");

    protected override async Task<IKeyValueStore> OpenStoreAsync() =>
        await EmbeddedStore.OpenAsync(new EmbeddedStoreOptions { DataDirectory = _dir.Path, LeaseCheckInterval = TimeSpan.FromMilliseconds(100) });

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }
}
