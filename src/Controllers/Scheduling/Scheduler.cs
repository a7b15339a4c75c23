using System.Diagnostics.Metrics;
using Cluster.Runtime.Client;
using Microsoft.Extensions.Logging;

namespace Cluster.Controllers.Scheduling;

/// <summary>
/// Runs the scheduler on one cluster connection until stopped: inside <c>cluster server</c>, or alone as
/// <c>cluster scheduler --kubeconfig ...</c> (leader-elected on the Lease <c>kube-system/kube-scheduler</c>).
/// </summary>
public static class Scheduler
{
    public const string LeaseName = "kube-scheduler";

    /// <summary>
    /// Runs until <paramref name="ct"/> fires. With leader election, a lost lease ends the run with
    /// <see cref="Runtime.Leader.LeadershipLostException"/>: the process should exit and be restarted.
    /// </summary>
    public static async Task RunAsync(ClusterClient client, SchedulerOptions options, ILoggerFactory loggers, Meter? meter = null, TimeProvider? time = null, CancellationToken ct = default)
    {
        await using var context = Create(client, options, loggers, meter, time);
        await context.Runtime.RunAsync(ct);
    }

    /// <summary>The scheduler declared on a new runtime, not yet running (tests run it themselves); dispose after the run.</summary>
    public static ControllerContext Create(ClusterClient client, SchedulerOptions options, ILoggerFactory loggers, Meter? meter = null, TimeProvider? time = null)
    {
        var context = ControllerContext.Create(client, options.LeaderElection, new ControllerManagerOptions(), loggers, meter, time);
        context.Runtime.Add(new SchedulerController(context, options));
        return context;
    }
}
