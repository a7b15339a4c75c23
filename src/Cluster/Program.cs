using System.CommandLine;
using Cluster.Cli.Commands;

var root = new RootCommand("cluster: a Kubernetes-compatible orchestrator in one binary")
{
    StoreCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
