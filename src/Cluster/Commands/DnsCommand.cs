using System.CommandLine;
using Cluster.Controllers.Dns;
using Cluster.Runtime.Client;
using Microsoft.Extensions.Logging;

namespace Cluster.Cli.Commands;

/// <summary>
/// <c>cluster dns</c>: cluster DNS alone, against any API server, as <c>cluster server</c> runs it (a replica like a
/// CoreDNS pod): it serves on the given address and keeps its own EndpointSlice of kube-dns there. Several can run
/// (distinct <c>--node-name</c>s); on SIGTERM one leaves the rotation before it stops, so a restart loses no query.
/// </summary>
internal static partial class DnsCommand
{
    public static Command Create()
    {
        var kubeconfig = new Option<string?>("--kubeconfig")
        {
            Description = "Kubeconfig of the API server (default: $KUBECONFIG, ~/.kube/config, then in-cluster files)",
        };
        var nodeName = AgentCommand.NodeNameOption();
        var listen = AgentCommand.NodeIpOption();
        var dnsPort = DnsCommandOptions.DnsPortOption();
        var clusterDns = DnsCommandOptions.ClusterDnsOption();
        var clusterDomain = DnsCommandOptions.ClusterDomainOption();
        var logFormat = Logging.FormatOption();
        var command = new Command("dns", "Run cluster DNS alone (its EndpointSlice of kube-dns is named after --node-name)")
        {
            kubeconfig, nodeName, listen, dnsPort, clusterDns, clusterDomain, logFormat,
        };
        command.SetAction(async (result, ct) =>
        {
            using var loggers = Logging.Create(result.GetValue(logFormat)!);
            var logger = loggers.CreateLogger("dns");
            ClusterDnsOptions options;
            try
            {
                options = DnsCommandOptions.Server(result.GetValue(listen), result.GetValue(nodeName)!, result.GetValue(dnsPort),
                    result.GetValue(clusterDns)!, result.GetValue(clusterDomain)!);
            }
            catch (ArgumentException e)
            {
                LogInvalid(logger, e.Message);
                return 2;
            }

            if (Connections.Discover(result.GetValue(kubeconfig), logger) is not { } connection) return 1;
            using var client = new ClusterClient(connection);
            await ClusterDns.RunAsync(client, options, loggers, ct);
            return 0;
        });
        return command;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Invalid options: {Error}")]
    private static partial void LogInvalid(ILogger logger, string error);
}
