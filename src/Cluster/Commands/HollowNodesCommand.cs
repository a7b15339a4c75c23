using System.CommandLine;
using Cluster.Kubelet.Hollow;
using Cluster.Runtime.Client;
using Microsoft.Extensions.Logging;

namespace Cluster.Cli.Commands;

/// <summary>
/// <c>cluster hollow-nodes --count N</c>: N simulated nodes in this process (like KWOK) for tests and scale
/// benchmarks. They are labelled node.cluster.io/hollow=true and never run containers.
/// </summary>
internal static partial class HollowNodesCommand
{
    public static Command Create()
    {
        var defaults = new HollowNodeOptions();
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Kubeconfig of the API server (default: $KUBECONFIG, ~/.kube/config, then in-cluster files)" };
        var count = new Option<int>("--count") { Description = "How many nodes (default: 1)", DefaultValueFactory = _ => 1 };
        var prefix = new Option<string>("--name-prefix") { Description = $"Node names are this prefix and an index (default: {defaults.NamePrefix})", DefaultValueFactory = _ => defaults.NamePrefix };
        var cpu = new Option<string>("--cpu") { Description = $"CPU capacity of each node (default: {defaults.Cpu})", DefaultValueFactory = _ => defaults.Cpu };
        var memory = new Option<string>("--memory") { Description = $"Memory capacity of each node (default: {defaults.Memory})", DefaultValueFactory = _ => defaults.Memory };
        var pods = new Option<int>("--pods") { Description = $"Pod capacity of each node (default: {defaults.Pods})", DefaultValueFactory = _ => defaults.Pods };
        var startDelay = new Option<TimeSpan>("--start-delay") { Description = $"Time a pod spends in ContainerCreating (default: {defaults.StartDelay})", DefaultValueFactory = _ => defaults.StartDelay };
        var stopDelay = new Option<TimeSpan>("--stop-delay") { Description = $"Time containers take to stop on deletion, at most the grace period (default: {defaults.StopDelay})", DefaultValueFactory = _ => defaults.StopDelay };
        var renew = new Option<TimeSpan>("--lease-renew-interval") { Description = $"How often each node renews its Lease (default: {defaults.RenewInterval})", DefaultValueFactory = _ => defaults.RenewInterval };
        var zones = new Option<int>("--zones") { Description = "Spread nodes over this many zones (label topology.kubernetes.io/zone=zone-N; default: 0, none)" };
        var labels = new Option<string[]>("--label") { Description = "Extra node label key=value (repeatable)", AllowMultipleArgumentsPerToken = true };
        var logFormat = Logging.FormatOption();
        var command = new Command("hollow-nodes", "Run simulated nodes (no containers) that register, heartbeat and report pod status, for tests and scale benchmarks")
        {
            kubeconfig, count, prefix, cpu, memory, pods, startDelay, stopDelay, renew, labels, zones, logFormat,
        };
        command.SetAction(async (result, ct) =>
        {
            using var loggers = Logging.Create(result.GetValue(logFormat)!);
            var logger = loggers.CreateLogger("hollow-nodes");
            HollowNodeOptions options;
            try
            {
                options = new HollowNodeOptions
                {
                    Count = result.GetValue(count),
                    NamePrefix = result.GetValue(prefix)!,
                    Cpu = result.GetValue(cpu)!,
                    Memory = result.GetValue(memory)!,
                    Pods = result.GetValue(pods),
                    StartDelay = result.GetValue(startDelay),
                    StopDelay = result.GetValue(stopDelay),
                    RenewInterval = result.GetValue(renew),
                    Labels = LabelOptions.Parse("--label", result.GetValue(labels) ?? []),
                    Zones = result.GetValue(zones),
                };
                options.Validate();
            }
            catch (ArgumentException e)
            {
                LogInvalid(logger, e.Message);
                return 2;
            }
            if (Connections.Discover(result.GetValue(kubeconfig), logger) is not { } connection) return 1;
            using var client = new ClusterClient(connection);
            try
            {
                await new HollowNodeFleet(client, options, loggers).RunAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
            return 0;
        });
        return command;
    }


    [LoggerMessage(Level = LogLevel.Error, Message = "Invalid options: {Error}")]
    private static partial void LogInvalid(ILogger logger, string error);
}
