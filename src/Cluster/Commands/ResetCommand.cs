using System.CommandLine;
using Cluster.Kubelet;

namespace Cluster.Cli.Commands;

/// <summary>
/// <c>cluster reset --data-dir DIR</c>: kills and removes every container the node agent on DIR runs, with their
/// namespaces, mounts and cgroups (what k3s-killall.sh does), e.g. before removing a node or its data directory.
/// </summary>
internal static class ResetCommand
{
    public static Command Create()
    {
        var dataDir = new Option<DirectoryInfo>("--data-dir")
        {
            Description = $"The agent's data directory (default: {AgentCommand.DefaultDataDirectory}; for `cluster server --data-dir D` it is D/agent)",
            DefaultValueFactory = _ => new DirectoryInfo(AgentCommand.DefaultDataDirectory),
        };
        var command = new Command("reset", "Stop every container of this node's agent and release its namespaces, mounts and cgroups") { dataDir };
        command.SetAction(async (result, ct) =>
        {
            using var loggers = Logging.Create("text");
            var removed = await NodeReset.RunAsync(result.GetValue(dataDir)!.FullName, loggers.CreateLogger("reset"), ct);
            Console.WriteLine($"removed {removed} pod sandboxes");
            return 0;
        });
        return command;
    }
}
