using Cluster.Runtime.Client;
using Microsoft.Extensions.Logging;

namespace Cluster.Cli.Commands;

/// <summary>The cluster connection a client command asks for, or a logged reason why there is none (exit code 1).</summary>
internal static partial class Connections
{
    public static ClusterConnection? Discover(string? kubeconfig, ILogger logger)
    {
        try
        {
            return ClusterConnection.Discover(kubeconfig);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or FormatException)
        {
            LogNoConnection(logger, e.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "No cluster connection: {Error}")]
    private static partial void LogNoConnection(ILogger logger, string error);
}
