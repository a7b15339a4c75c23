using Cluster.Store.Embedded.Writes;
using Microsoft.Extensions.Logging;

namespace Cluster.Store.Embedded.Leases;

/// <summary>Looks for expired leases on a timer and asks the write loop to revoke them (one request per lease at a time).</summary>
internal sealed partial class LeaseExpiryLoop : IDisposable
{
    private readonly LeaseTable _table;
    private readonly WriteLoop _writer;
    private readonly ILogger _logger;
    private readonly HashSet<long> _pending = [];
    private readonly CancellationTokenSource _stop = new();

    public LeaseExpiryLoop(LeaseTable table, WriteLoop writer, TimeSpan interval, TimeProvider time, ILogger logger)
    {
        _table = table;
        _writer = writer;
        _logger = logger;
        Completion = RunAsync(interval, time);
    }

    public Task Completion { get; }

    public void Stop() => _stop.Cancel();

    public void Dispose() => _stop.Dispose();

    private async Task RunAsync(TimeSpan interval, TimeProvider time)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                foreach (var id in _table.Expired())
                {
                    lock (_pending)
                    {
                        if (!_pending.Add(id)) continue;
                    }
                    _ = RevokeAsync(id);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RevokeAsync(long id)
    {
        try
        {
            await _writer.Submit(new LeaseRevokeCommand(id, onlyIfExpired: true)).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogRevokeFailed(_logger, id, e);
        }
        finally
        {
            lock (_pending) _pending.Remove(id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Revoking expired lease {LeaseId:x} failed; retrying on the next check")]
    private static partial void LogRevokeFailed(ILogger logger, long leaseId, Exception error);
}
