using System.CommandLine;
using Cluster.Controllers;
using Cluster.Runtime.Client;
using Cluster.Runtime.Leader;
using Microsoft.Extensions.Logging;

namespace Cluster.Cli.Commands;

/// <summary>
/// <c>cluster controller-manager</c>: the built-in controllers alone, against any API server, leader-elected on the
/// Lease <c>kube-system/kube-controller-manager</c> so that several can run and exactly one works.
/// </summary>
internal static partial class ControllerManagerCommand
{
    public static Command Create()
    {
        var kubeconfig = new Option<string?>("--kubeconfig")
        {
            Description = "Kubeconfig of the API server (default: $KUBECONFIG, ~/.kube/config, then in-cluster files)",
        };
        var controllers = ControllersOption();
        var leaderElect = new Option<bool>("--leader-elect")
        {
            Description = "Work only while holding the kube-controller-manager Lease (default: true)",
            DefaultValueFactory = _ => true,
        };
        var grace = NodeMonitorGracePeriodOption();
        var clusterCidr = AgentCommand.ClusterCidrOption();
        var maskSize = NodeCidrMaskSizeOption();
        var logFormat = Logging.FormatOption();
        var command = new Command("controller-manager", "Run the built-in controllers (deployments, replica sets, endpoints, garbage collection, namespaces, nodes, node IPAM)")
        {
            kubeconfig, controllers, leaderElect, grace, clusterCidr, maskSize, logFormat,
        };
        command.SetAction(async (result, ct) =>
        {
            using var loggers = Logging.Create(result.GetValue(logFormat)!);
            var logger = loggers.CreateLogger("controller-manager");
            var options = Options(result.GetValue(controllers)!, result.GetValue(grace), result.GetValue(clusterCidr)!, result.GetValue(maskSize)) with
            {
                LeaderElection = result.GetValue(leaderElect) ? new LeaderElectionOptions { LeaseName = ControllerManager.LeaseName } : null,
            };
            if (Invalid(options) is { } error)
            {
                LogInvalid(logger, error);
                return 2;
            }
            if (Connections.Discover(result.GetValue(kubeconfig), logger) is not { } connection) return 1;
            using var client = new ClusterClient(connection);
            LogStarting(logger, connection.Server.ToString(), options.LeaderElection?.Identity ?? "(no leader election)", string.Join(",", options.Enabled.Order(StringComparer.Ordinal)));
            return await LeaderElectedRun.RunAsync(() => ControllerManager.RunAsync(client, options, loggers, ct: ct), ControllerManager.LeaseName, logger, ct);
        });
        return command;
    }

    /// <summary>upstream's <c>--controllers</c>: <c>*</c> for all, a name to add one, <c>-name</c> to leave one out.</summary>
    public static Option<string> ControllersOption() => new("--controllers")
    {
        Description = $"Controllers to run: '*' for all, 'name' to enable, '-name' to disable, comma-separated (all: {string.Join(", ", BuiltInControllers.Names)})",
        DefaultValueFactory = _ => "*",
        Validators =
        {
            r =>
            {
                foreach (var item in Split(r.Tokens.Count == 1 ? r.Tokens[0].Value : "*"))
                    if (item != "*" && !BuiltInControllers.Names.Contains(item.TrimStart('-'))) r.AddError($"--controllers: unknown controller '{item.TrimStart('-')}'");
            },
        },
    };

    public static Option<TimeSpan> NodeMonitorGracePeriodOption() => new("--node-monitor-grace-period")
    {
        Description = "How long a node may go without renewing its Lease before it is marked unreachable (default: 00:00:50)",
        DefaultValueFactory = _ => TimeSpan.FromSeconds(50),
    };

    public static Option<int> NodeCidrMaskSizeOption() => new("--node-cidr-mask-size")
    {
        Description = $"Prefix length of each node's pod CIDR, allocated from --cluster-cidr (default: {ControllerManagerOptions.DefaultNodeCidrMaskSize})",
        DefaultValueFactory = _ => ControllerManagerOptions.DefaultNodeCidrMaskSize,
    };

    /// <summary>What is wrong with the options (the node IPAM's range), or null.</summary>
    public static string? Invalid(ControllerManagerOptions options)
    {
        try
        {
            options.Validate();
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }

    public static ControllerManagerOptions Options(string controllers, TimeSpan nodeMonitorGracePeriod, string clusterCidr, int nodeCidrMaskSize)
    {
        var enabled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in Split(controllers))
        {
            if (item == "*") enabled.UnionWith(BuiltInControllers.Names);
            else if (item.StartsWith('-')) enabled.Remove(item[1..]);
            else enabled.Add(item);
        }
        return new ControllerManagerOptions
        {
            Enabled = enabled, NodeMonitorGracePeriod = nodeMonitorGracePeriod, ClusterCidr = clusterCidr, NodeCidrMaskSize = nodeCidrMaskSize,
        };
    }

    private static string[] Split(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [LoggerMessage(Level = LogLevel.Error, Message = "Invalid options: {Error}")]
    private static partial void LogInvalid(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Running controllers against {Server} as {Identity}: {Controllers}")]
    private static partial void LogStarting(ILogger logger, string server, string identity, string controllers);

}
