using System.CommandLine;
using Cluster.Controllers.Scheduling;
using Cluster.Runtime.Client;
using Cluster.Runtime.Leader;
using Microsoft.Extensions.Logging;

namespace Cluster.Cli.Commands;

/// <summary>
/// <c>cluster scheduler</c>: the scheduler alone, against any API server, leader-elected on the Lease
/// <c>kube-system/kube-scheduler</c> so that several can run and exactly one schedules.
/// </summary>
internal static partial class SchedulerCommand
{
    public static Command Create()
    {
        var kubeconfig = new Option<string?>("--kubeconfig")
        {
            Description = "Kubeconfig of the API server (default: $KUBECONFIG, ~/.kube/config, then in-cluster files)",
        };
        var leaderElect = new Option<bool>("--leader-elect")
        {
            Description = "Schedule only while holding the kube-scheduler Lease (default: true)",
            DefaultValueFactory = _ => true,
        };
        var fairness = FairnessOption();
        var percentage = PercentageOption();
        var weights = new Option<string[]>("--score-weight")
        {
            Description = "Weight of a score plugin, Name=N (repeatable; defaults as upstream: TaintToleration=3, NodeAffinity=2, InterPodAffinity=2, PodTopologySpread=2, NodeResourcesFit=1, NodeResourcesBalancedAllocation=1; 0 turns one off)",
            AllowMultipleArgumentsPerToken = true,
            Validators = { r => { foreach (var t in r.Tokens) if (ParseWeight(t.Value) is null) r.AddError($"--score-weight {t.Value}: expected Name=N with N >= 0"); } },
        };
        var logFormat = Logging.FormatOption();
        var command = new Command("scheduler", "Run the scheduler: place pending pods on nodes through pods/binding")
        {
            kubeconfig, leaderElect, fairness, percentage, weights, logFormat,
        };
        command.SetAction(async (result, ct) =>
        {
            using var loggers = Logging.Create(result.GetValue(logFormat)!);
            var logger = loggers.CreateLogger("scheduler");
            var options = Options(result.GetValue(fairness), result.GetValue(percentage)) with
            {
                LeaderElection = result.GetValue(leaderElect) ? new LeaderElectionOptions { LeaseName = Scheduler.LeaseName } : null,
                ScoreWeights = (result.GetValue(weights) ?? []).Select(ParseWeight).OfType<KeyValuePair<string, int>>().ToDictionary(StringComparer.Ordinal),
            };
            if (Connections.Discover(result.GetValue(kubeconfig), logger) is not { } connection) return 1;
            using var client = new ClusterClient(connection);
            LogStarting(logger, connection.Server.ToString(), options.LeaderElection?.Identity ?? "(no leader election)");
            return await LeaderElectedRun.RunAsync(() => Scheduler.RunAsync(client, options, loggers, ct: ct), Scheduler.LeaseName, logger, ct);
        });
        return command;
    }

    public static Option<bool> FairnessOption() => new("--fairness")
    {
        Description = "Order waiting pods of equal priority by Dominant Resource Fairness between namespaces (default: true; false is upstream's order)",
        DefaultValueFactory = _ => true,
    };

    public static Option<int> PercentageOption() => new("--percentage-of-nodes-to-score")
    {
        Description = "Percentage of nodes to find feasible before scoring (default: 0, upstream's adaptive percentage)",
        DefaultValueFactory = _ => 0,
        Validators = { r => { if (r.GetValueOrDefault<int>() is < 0 or > 100) r.AddError("--percentage-of-nodes-to-score must be between 0 and 100"); } },
    };

    private static KeyValuePair<string, int>? ParseWeight(string text) =>
        text.Split('=') is [var name, var value] && name.Length > 0 && int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var weight)
            ? new KeyValuePair<string, int>(name, weight)
            : null;

    public static SchedulerOptions Options(bool fairness, int percentage) => new() { Fairness = fairness, PercentageOfNodesToScore = percentage };

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduling against {Server} as {Identity}")]
    private static partial void LogStarting(ILogger logger, string server, string identity);

}
