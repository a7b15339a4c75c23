using Cluster.Controllers.Scheduling;
using Cluster.Kubelet.Hollow;
using Cluster.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Controllers.Tests;

/// <summary>A TestCluster with four hollow nodes (sched-node-0..3, 4 cpu each, zones zone-0 and zone-1) and the scheduler running.</summary>
public sealed class SchedulerFixture : IAsyncLifetime
{
    private readonly CancellationTokenSource _stop = new();
    private ControllerContext? _scheduler;
    private Task _running = Task.CompletedTask;

    public TestCluster Cluster { get; private set; } = null!;

    public const int NodeCount = 4;

    public async Task InitializeAsync()
    {
        Cluster = await TestCluster.StartAsync();
        _scheduler = Controllers.Scheduling.Scheduler.Create(Cluster.NewClient(), new SchedulerOptions(), NullLoggerFactory.Instance);
        var nodes = new HollowNodeFleet(Cluster.NewClient(), new HollowNodeOptions
        {
            Count = NodeCount, NamePrefix = "sched-node-", Cpu = "4", Memory = "16Gi", Zones = 2, StartDelay = TimeSpan.FromMilliseconds(100), RenewInterval = TimeSpan.FromSeconds(1),
        });
        _running = Task.WhenAll(_scheduler.Runtime.RunAsync(_stop.Token), nodes.RunAsync(_stop.Token));
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        if (_scheduler is not null) await _scheduler.DisposeAsync();
        await Cluster.DisposeAsync();
        _stop.Dispose();
    }
}
