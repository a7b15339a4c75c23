using Cluster.Runtime.Leader;
using Microsoft.Extensions.Logging;

namespace Cluster.Cli.Commands;

/// <summary>
/// Runs a leader-elected component until Ctrl+C (exit 0) or until it loses its lease (exit 1, so that a supervisor
/// starts a fresh process to campaign again, as upstream's components do).
/// </summary>
internal static partial class LeaderElectedRun
{
    public static async Task<int> RunAsync(Func<Task> run, string lease, ILogger logger, CancellationToken ct)
    {
        try
        {
            await run();
        }
        catch (LeadershipLostException)
        {
            LogLostLease(logger, lease);
            return 1;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        return 0;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Lost the {Lease} lease; exiting so that a fresh process can campaign again")]
    private static partial void LogLostLease(ILogger logger, string lease);
}
