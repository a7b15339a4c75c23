using System.Threading.Channels;
using Cluster.Store.Embedded.Log;
using Cluster.Store.Embedded.Mvcc;
using Cluster.Store.Embedded.Watch;
using Microsoft.Extensions.Logging;

namespace Cluster.Store.Embedded.Writes;

/// <summary>
/// The second stage of the write pipeline: it makes appended batches durable with fdatasync and then, in order,
/// publishes them (event history first, then the readers' revision) and answers their callers. One fdatasync
/// covers every batch appended before it started, so while it runs the write loop is already preparing the next.
/// </summary>
/// <remarks>
/// After a failed sync the page cache can no longer be trusted: the loop records the fault, fails the callers of
/// every batch it has not published and publishes nothing more; the write loop then rolls those batches back and
/// refuses further writes.
/// </remarks>
internal sealed partial class SyncLoop
{
    /// <summary>How many appended batches may wait for a sync; the write loop waits beyond that.</summary>
    private const int Depth = 2;

    private readonly Channel<PendingBatch> _batches = Channel.CreateBounded<PendingBatch>(
        new BoundedChannelOptions(Depth) { SingleReader = true, SingleWriter = true });
    private readonly MvccState _state;
    private readonly EventHistory _history;
    private readonly WriteAheadLog _wal;
    private readonly MaintenanceLoop _maintenance;
    private readonly ILogger _logger;
    private long _appended;   // sequence of the newest append (written by the write loop)
    private long _synced;     // sequence covered by the last successful sync
    private Exception? _fault;

    public SyncLoop(MvccState state, EventHistory history, WriteAheadLog wal, MaintenanceLoop maintenance, ILogger logger)
    {
        _state = state;
        _history = history;
        _wal = wal;
        _maintenance = maintenance;
        _logger = logger;
        Completion = Task.Run(RunAsync);
    }

    public Task Completion { get; }

    /// <summary>The sync failure that stopped publishing, if any.</summary>
    public Exception? Fault => Volatile.Read(ref _fault);

    /// <summary>Records that a batch's bytes are in the log; returns its append sequence. Write loop only.</summary>
    public long MarkAppended() => Interlocked.Increment(ref _appended);

    public ValueTask EnqueueAsync(PendingBatch batch) => _batches.Writer.WriteAsync(batch);

    /// <summary>Completes once every batch enqueued so far has been published (or failed).</summary>
    public async Task DrainAsync()
    {
        var barrier = new PendingBatch { Barrier = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await _batches.Writer.WriteAsync(barrier).ConfigureAwait(false);
        await barrier.Barrier!.Task.ConfigureAwait(false);
    }

    public void Close() => _batches.Writer.TryComplete();

    private async Task RunAsync()
    {
        await foreach (var batch in _batches.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (batch.Barrier is { } barrier)
            {
                barrier.TrySetResult();
                continue;
            }
            if (Fault is null && (batch.AppendSequence <= _synced || TrySync()))
            {
                Publish(batch);
                continue;
            }
            // Never published: its callers hear now; the write loop rolls its changes back before it writes again.
            var error = new StoreUnavailableException($"log sync failed: {Fault!.Message}", Fault);
            foreach (var command in batch.Commands) command.Fail(error);
        }
    }

    private bool TrySync()
    {
        var upTo = Volatile.Read(ref _appended);
        try
        {
            _wal.Sync();
            _synced = upTo;
            return true;
        }
        catch (Exception e)
        {
            LogSyncFailed(_logger, e);
            Volatile.Write(ref _fault, e);
            return false;
        }
    }

    private void Publish(PendingBatch batch)
    {
        if (batch.Revision != batch.RevisionBefore || batch.Events.Count > 0)
        {
            _history.Publish(batch.Events, batch.Revision);
            _state.Publish(batch.Revision);
        }
        foreach (var command in batch.Commands) command.Complete();
        foreach (var revision in batch.Compactions) _maintenance.Compact(revision);
        batch.Published = true;
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Log sync failed; the store stops writing (unacknowledged writes are rolled back) until it is reopened")]
    private static partial void LogSyncFailed(ILogger logger, Exception error);
}
