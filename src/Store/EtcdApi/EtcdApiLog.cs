using Cluster.Store.Etcd.Grpc;
using Microsoft.Extensions.Logging;

namespace Cluster.Store.EtcdApi;

/// <summary>The etcd API server's log messages.</summary>
internal static partial class EtcdApiLog
{
    [LoggerMessage(1, LogLevel.Debug, "{Method} failed with {Code}: {Message}")]
    public static partial void CallFailed(ILogger logger, string method, GrpcStatusCode code, string message);

    [LoggerMessage(2, LogLevel.Error, "{Method} failed unexpectedly")]
    public static partial void UnexpectedError(ILogger logger, string method, Exception error);

    [LoggerMessage(3, LogLevel.Warning, "watch {WatchId} on {Client} cancelled: the client has not read its watch stream for {Seconds:0.#}s ({Bytes} bytes queued)")]
    public static partial void SlowWatcherCancelled(ILogger logger, long watchId, string client, double seconds, long bytes);

    [LoggerMessage(4, LogLevel.Error, "watch {WatchId} ended unexpectedly")]
    public static partial void WatchFailed(ILogger logger, long watchId, Exception error);

    [LoggerMessage(5, LogLevel.Debug, "watch stream from {Client} ended: {Code} {Message}")]
    public static partial void WatchStreamEnded(ILogger logger, string client, GrpcStatusCode code, string message);
}
