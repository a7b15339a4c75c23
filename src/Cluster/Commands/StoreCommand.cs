using System.CommandLine;
using Cluster.Store.Embedded;
using Microsoft.Extensions.Logging;

namespace Cluster.Cli.Commands;

/// <summary>
/// <c>cluster store</c>: runs the embedded store on its own, in the foreground, until interrupted. It recovers
/// the data directory (snapshot + log replay, torn-tail repair), holds its lock, expires leases, and reports.
/// </summary>
internal static partial class StoreCommand
{
    public static Command Create()
    {
        var dataDir = new Option<DirectoryInfo>("--data-dir")
        {
            Description = "Directory for the store's log and snapshots (default: /var/lib/cluster/store)",
            DefaultValueFactory = _ => new DirectoryInfo("/var/lib/cluster/store"),
        };
        var command = new Command("store", "Run the embedded key-value store as a standalone service") { dataDir };
        command.SetAction((result, ct) => RunAsync(result.GetValue(dataDir)!, ct));
        return command;
    }

    private static async Task<int> RunAsync(DirectoryInfo dataDir, CancellationToken ct)
    {
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
        var logger = loggers.CreateLogger("store");
        await using var store = await EmbeddedStore.OpenAsync(new EmbeddedStoreOptions { DataDirectory = dataDir.FullName }, logger, ct: ct);
        LogReady(logger, dataDir.FullName, store.Revision);
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
        }
        LogStopping(logger, store.Revision);
        return 0;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded store ready in {Directory} at revision {Revision}; Ctrl+C to stop")]
    private static partial void LogReady(ILogger logger, string directory, long revision);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping at revision {Revision}")]
    private static partial void LogStopping(ILogger logger, long revision);
}
