using Cluster.Kubelet.Hollow;
using Cluster.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Controllers.Tests;

/// <summary>A TestCluster with the built-in controllers running on it, shared by a test class.</summary>
public sealed class ControllerManagerFixture : IAsyncLifetime
{
    private readonly CancellationTokenSource _stop = new();
    private ControllerContext? _controllers;
    private Task _running = Task.CompletedTask;

    public TestCluster Cluster { get; private set; } = null!;

    /// <summary>Three hollow nodes (hollow-node-0..2); pods whose template names one of them run there (there is no scheduler here).</summary>
    public HollowNodeFleet Nodes { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cluster = await TestCluster.StartAsync();
        _controllers = ControllerManager.Create(Cluster.NewClient(), Options, NullLoggerFactory.Instance);
        Nodes = new HollowNodeFleet(Cluster.NewClient(), new HollowNodeOptions { Count = 3, StartDelay = TimeSpan.FromMilliseconds(200), RenewInterval = TimeSpan.FromSeconds(1) });
        _running = Task.WhenAll(_controllers.Runtime.RunAsync(_stop.Token), Nodes.RunAsync(_stop.Token));
    }

    /// <summary>Short timeouts so that node-loss tests finish in seconds.</summary>
    public static ControllerManagerOptions Options => new()
    {
        NodeMonitorGracePeriod = TimeSpan.FromSeconds(4),
        NodeMonitorPeriod = TimeSpan.FromMilliseconds(500),
    };

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        if (_controllers is not null) await _controllers.DisposeAsync();
        await Cluster.DisposeAsync();
        _stop.Dispose();
    }
}
