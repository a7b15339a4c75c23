using Cluster.Store.Embedded;
using Cluster.TestKit;
using Xunit.Abstractions;

namespace Cluster.Store.Tests.Model;

/// <summary>The model-based test against the embedded engine, a fresh data directory per test.</summary>
public sealed class EmbeddedStoreModelTests(ITestOutputHelper output) : StoreModelTests(output), IDisposable
{
    private readonly TempDirectory _dir = new("store-model");

    protected override async Task<IKeyValueStore> OpenStoreAsync() =>
        await EmbeddedStore.OpenAsync(new EmbeddedStoreOptions { DataDirectory = _dir.Path });

    public void Dispose() => _dir.Dispose();
}
