using Microsoft.Extensions.Logging;

namespace Cluster.ApiServer.Storage;

/// <summary>
/// Compacts the store's history as the upstream API server does: every interval, down to the revision that was
/// current one interval ago, so watches can resume from anything newer than that.
/// </summary>
public sealed partial class StoreCompactor(ObjectStorage storage, TimeSpan interval, TimeProvider time, ILogger logger)
{
    public async Task RunAsync(CancellationToken ct)
    {
        long previous = 0;
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    var current = await storage.CurrentRevisionAsync(ct);
                    if (previous > 0) await storage.Store.CompactAsync(previous, ct);
                    previous = current;
                }
                catch (Exception e) when (e is Errors.ApiException or Cluster.Store.Errors.StoreException)
                {
                    LogCompactionFailed(logger, e.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Store compaction failed: {Reason}")]
    private static partial void LogCompactionFailed(ILogger logger, string reason);
}
