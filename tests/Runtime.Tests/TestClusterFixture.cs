using Cluster.Testing;

namespace Cluster.Runtime.Tests;

/// <summary>One in-process <see cref="TestCluster"/> shared by the tests of a class; each test makes its own namespace.</summary>
public sealed class TestClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await TestCluster.StartAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
