using System.CommandLine;
using Cluster.Cli.Commands;

var root = new RootCommand("cluster: a Kubernetes-compatible orchestrator in one binary")
{
    StoreCommand.Create(),
    ServerCommand.Create(),
    ControllerManagerCommand.Create(),
    SchedulerCommand.Create(),
    DnsCommand.Create(),
    AgentCommand.Create(),
    HollowNodesCommand.Create(),
    ImagesCommand.Create(),
    ResetCommand.Create(),
};
// Ctrl+C / SIGTERM cancel the command's token; a command then has this long to close its servers and its store
// (finish queued writes) before the process is ended with exit code 130/143.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(10) };
return await root.Parse(args).InvokeAsync(invocation);
