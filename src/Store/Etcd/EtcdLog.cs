using Microsoft.Extensions.Logging;

namespace Cluster.Store.Etcd;

/// <summary>The etcd engine's log messages.</summary>
internal static partial class EtcdLog
{
    [LoggerMessage(1, LogLevel.Warning, "etcd endpoint {Endpoint} failed ({Error}); trying {Next}")]
    public static partial void EndpointFailed(ILogger logger, Uri endpoint, string error, Uri next);

    [LoggerMessage(2, LogLevel.Warning, "watch stream to {Endpoint} broke ({Error}); resuming from revision {Revision}")]
    public static partial void WatchBroken(ILogger logger, Uri endpoint, string error, long revision);

    [LoggerMessage(3, LogLevel.Information, "watch resumed on {Endpoint} from revision {Revision}")]
    public static partial void WatchResumed(ILogger logger, Uri endpoint, long revision);

    [LoggerMessage(4, LogLevel.Debug, "cannot open a watch stream to {Endpoint}: {Error}")]
    public static partial void WatchConnectFailed(ILogger logger, Uri endpoint, string error);

    [LoggerMessage(5, LogLevel.Debug, "progress request on the watch stream to {Endpoint} was not sent: {Error}")]
    public static partial void ProgressRequestFailed(ILogger logger, Uri endpoint, string error);

    [LoggerMessage(6, LogLevel.Warning, "etcd sent a watch event at revision {Revision} after promising progress up to {Promised}")]
    public static partial void ProgressPromiseBroken(ILogger logger, long revision, long promised);
}
