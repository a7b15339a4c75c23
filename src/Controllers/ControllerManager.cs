using System.Diagnostics.Metrics;
using Cluster.Runtime.Client;
using Microsoft.Extensions.Logging;

namespace Cluster.Controllers;

/// <summary>
/// Runs the built-in controllers on one cluster connection until stopped: inside <c>cluster server</c>, or alone as
/// <c>cluster controller-manager --kubeconfig ...</c> (leader-elected, so several may run and one works).
/// </summary>
public static class ControllerManager
{
    public const string LeaseName = "kube-controller-manager";

    /// <summary>
    /// Runs until <paramref name="ct"/> fires. With leader election, a lost lease ends the run with
    /// <see cref="Runtime.Leader.LeadershipLostException"/>: the process should exit and be restarted, as upstream's does.
    /// </summary>
    public static async Task RunAsync(ClusterClient client, ControllerManagerOptions options, ILoggerFactory loggers, Meter? meter = null, TimeProvider? time = null, CancellationToken ct = default)
    {
        await using var controllers = Create(client, options, loggers, meter, time);
        await controllers.Runtime.RunAsync(ct);
    }

    /// <summary>Every enabled controller declared on a new runtime, not yet running (tests run it themselves); dispose after the run.</summary>
    public static ControllerContext Create(ClusterClient client, ControllerManagerOptions options, ILoggerFactory loggers, Meter? meter = null, TimeProvider? time = null)
    {
        var context = ControllerContext.Create(client, options.LeaderElection, options, loggers, meter, time);
        BuiltInControllers.Register(context);
        return context;
    }
}
