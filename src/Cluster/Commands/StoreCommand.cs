using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net;
using Cluster.Store.Embedded;
using Cluster.Store.EtcdApi;
using Microsoft.Extensions.Logging;

namespace Cluster.Cli.Commands;

/// <summary>
/// <c>cluster store</c>: runs the embedded store on its own, in the foreground, until interrupted, and serves it over the
/// etcd v3 gRPC API (KV, Watch, Lease) so that etcd clients can use it. It recovers the data directory (snapshot + log
/// replay, torn-tail repair), holds its lock, expires leases, and reports.
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
        var listen = new Option<IPEndPoint>("--listen")
        {
            Description = $"Address and port to serve the etcd v3 gRPC API on, cleartext HTTP/2; port 0 picks a free one (default: 127.0.0.1:{EtcdApiServerOptions.DefaultPort})",
            DefaultValueFactory = _ => new IPEndPoint(IPAddress.Loopback, EtcdApiServerOptions.DefaultPort),
            CustomParser = ParseEndpoint,
        };
        var command = new Command("store", "Run the embedded key-value store as a standalone service with an etcd v3 API") { dataDir, listen };
        command.SetAction((result, ct) => RunAsync(result.GetValue(dataDir)!, result.GetValue(listen)!, ct));
        return command;
    }

    private static async Task<int> RunAsync(DirectoryInfo dataDir, IPEndPoint listen, CancellationToken ct)
    {
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).AddFilter("Microsoft", LogLevel.Warning));
        var logger = loggers.CreateLogger("store");
        await using var store = await EmbeddedStore.OpenAsync(new EmbeddedStoreOptions { DataDirectory = dataDir.FullName }, logger, ct: ct);
        EtcdApiServer server;
        try
        {
            server = await EtcdApiServer.StartAsync(store, new EtcdApiServerOptions { Endpoint = listen }, loggers, ct: ct);
        }
        catch (IOException e)
        {
            LogCannotListen(logger, listen.ToString(), e.Message);
            return 1;
        }
        await using (server)
        {
            LogReady(logger, server.Address.GetLeftPart(UriPartial.Authority), dataDir.FullName, store.Revision);
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
            }
            LogStopping(logger, store.Revision);
        }
        return 0;
    }

    /// <summary>An IP address and port (<c>127.0.0.1:2379</c>, <c>[::1]:2379</c>, <c>0.0.0.0:2379</c>), or <c>localhost:port</c>.</summary>
    private static IPEndPoint? ParseEndpoint(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        const string localhost = "localhost:";
        if (text.StartsWith(localhost, StringComparison.OrdinalIgnoreCase)
            && int.TryParse(text.AsSpan(localhost.Length), out var port) && port is >= IPEndPoint.MinPort and <= IPEndPoint.MaxPort)
            return new IPEndPoint(IPAddress.Loopback, port);
        if (IPEndPoint.TryParse(text, out var endpoint) && text.Contains(':', StringComparison.Ordinal) && (endpoint.Port != 0 || text.EndsWith(":0", StringComparison.Ordinal)))
            return endpoint;
        result.AddError($"--listen must be an IP address and port such as 127.0.0.1:{EtcdApiServerOptions.DefaultPort}, not '{text}'");
        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving the etcd v3 API on {Url} from the embedded store in {Directory} at revision {Revision}; Ctrl+C to stop")]
    private static partial void LogReady(ILogger logger, string url, string directory, long revision);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cannot listen on {Endpoint}: {Error}")]
    private static partial void LogCannotListen(ILogger logger, string endpoint, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping at revision {Revision}")]
    private static partial void LogStopping(ILogger logger, long revision);
}
