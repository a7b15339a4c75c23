using System.Threading.Channels;
using Cluster.Store.Embedded.Log;
using Cluster.Store.Embedded.Mvcc;
using Cluster.Store.Embedded.Watch;
using Microsoft.Extensions.Logging;

namespace Cluster.Store.Embedded.Writes;

/// <summary>
/// The single writer, first stage of the write pipeline. It takes every queued command at once (group commit),
/// runs them in order under the write lock, appends their records to the log with one write, and hands the batch
/// to the <see cref="SyncLoop"/>, which makes it durable, publishes it and answers the callers. While one batch
/// syncs, the next is already being prepared.
/// </summary>
/// <remarks>
/// Batches are applied in memory before they are durable; readers only see published revisions. If a log write
/// fails, that batch is rolled back and its callers get <see cref="StoreUnavailableException"/>. If a sync fails,
/// every unpublished batch is rolled back and the loop refuses further writes until the store is reopened.
/// </remarks>
internal sealed partial class WriteLoop
{
    private readonly Channel<WriteCommand> _queue = Channel.CreateUnbounded<WriteCommand>(new UnboundedChannelOptions { SingleReader = true });
    private readonly MvccState _state;
    private readonly WriteAheadLog _wal;
    private readonly EmbeddedStoreOptions _options;
    private readonly MaintenanceLoop _maintenance;
    private readonly SyncLoop _sync;
    private readonly ILogger _logger;
    private readonly WriteContext _context;
    private readonly ByteBuffer _buffer = new(1 << 20);
    private readonly List<WriteCommand> _commands = [];
    private readonly List<PendingBatch> _unpublished = [];
    private Exception? _fault;
    private long _bytesSinceSnapshot;

    public WriteLoop(MvccState state, EventHistory history, WriteAheadLog wal, EmbeddedStoreOptions options, MaintenanceLoop maintenance,
        long logBytesSinceSnapshot, ILogger logger)
    {
        _bytesSinceSnapshot = logBytesSinceSnapshot;
        _state = state;
        _wal = wal;
        _options = options;
        _maintenance = maintenance;
        _logger = logger;
        _context = new WriteContext(state);
        _sync = new SyncLoop(state, history, wal, maintenance, logger);
        Completion = Task.Run(RunAsync);
    }

    /// <summary>Ends when the queue is closed and every queued write has been answered.</summary>
    public Task Completion { get; }

    public Task<T> Submit<T>(WriteCommand<T> command)
    {
        if (!_queue.Writer.TryWrite(command)) command.Fail(new StoreUnavailableException("the store is closed"));
        return command.Task;
    }

    /// <summary>Stops taking commands; queued ones are still written.</summary>
    public void Close() => _queue.Writer.TryComplete();

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            _commands.Clear();
            var bytes = 0;
            while (_commands.Count < _options.MaxBatchCommands && bytes < _options.MaxBatchBytes && reader.TryRead(out var command))
            {
                _commands.Add(command);
                bytes += command.SizeHint;
            }
            if (_fault is null && _sync.Fault is { } syncFault) await StopAfterSyncFailureAsync(syncFault).ConfigureAwait(false);
            if (_fault is not null)
            {
                foreach (var command in _commands) command.Fail(Unavailable("the store stopped writing after an I/O error; reopen it", _fault));
                continue;
            }
            try
            {
                await WriteBatchAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Only a bug gets here; fail the commands rather than leave callers waiting forever.
                LogUnexpected(_logger, e);
                foreach (var command in _commands) command.Fail(e);
            }
        }
        _sync.Close();
        await _sync.Completion.ConfigureAwait(false);
        if (_fault is null && _sync.Fault is { } lastFault) await StopAfterSyncFailureAsync(lastFault, drained: true).ConfigureAwait(false);
    }

    private async Task WriteBatchAsync()
    {
        var batch = new PendingBatch(_commands.Count)
        {
            RevisionBefore = _state.Revision,
            LsnBefore = _state.Lsn,
            CompactRevisionBefore = _state.CompactRevision,
        };
        _buffer.Clear();
        _state.Lock.EnterWriteLock();
        try
        {
            foreach (var command in _commands) Run(command, batch);
        }
        finally
        {
            _state.Lock.ExitWriteLock();
        }
        batch.Revision = _state.Revision;
        if (batch.Commands.Count == 0) return;

        if (_buffer.Length > 0)
        {
            if (_wal.ShouldRoll(_buffer.Length) && !await RollAsync(batch.LsnBefore + 1).ConfigureAwait(false))
            {
                TakeBack(batch, Unavailable("could not start a new log segment", null));
                return;
            }
            if (!TryAppend(batch)) return;
        }
        _unpublished.RemoveAll(b => b.Published);
        _unpublished.Add(batch);
        await _sync.EnqueueAsync(batch).ConfigureAwait(false);
        await MaybeSnapshotAsync().ConfigureAwait(false);
    }

    /// <summary>Runs one command; on a refusal takes back its changes and fails it alone.</summary>
    private void Run(WriteCommand command, PendingBatch batch)
    {
        var undoMark = batch.Undo.Entries.Count;
        var eventMark = batch.Events.Count;
        var revision = _state.Revision;
        var lsn = _state.Lsn;
        var compact = _state.CompactRevision;
        _context.Begin(batch, revision + 1);
        try
        {
            command.Execute(_context);
        }
        catch (Exception e)
        {
            _state.Rollback(batch.Undo, undoMark);
            batch.Events.RemoveRange(eventMark, batch.Events.Count - eventMark);
            _state.Revision = revision;
            _state.Lsn = lsn;
            _state.CompactRevision = compact;
            if (e is not StoreException) LogUnexpected(_logger, e);
            command.Fail(e);
            return;
        }
        if (_context.Items.Count > 0)
        {
            _state.Lsn = lsn + 1;
            LogCodec.WriteRecord(_buffer, _state.Lsn, _state.Revision != revision ? _state.Revision : 0, _context.Items);
        }
        if (command is CompactCommand c) batch.Compactions.Add(c.Revision);
        batch.Commands.Add(command);
    }

    private bool TryAppend(PendingBatch batch)
    {
        var offset = _wal.Offset;
        try
        {
            _wal.Append(_buffer.Written);
        }
        catch (Exception e)
        {
            LogWriteFailed(_logger, e);
            try
            {
                _wal.Discard(offset);
            }
            catch (Exception discardError)
            {
                _fault = discardError; // the log may hold a partial record we could not take back
            }
            TakeBack(batch, Unavailable($"log write failed: {e.Message}", e));
            return false;
        }
        batch.AppendSequence = _sync.MarkAppended();
        _bytesSinceSnapshot += _buffer.Length;
        return true;
    }

    /// <summary>Rolls the log to a new segment once everything before is synced; false if that failed.</summary>
    private async Task<bool> RollAsync(long firstLsn)
    {
        await _sync.DrainAsync().ConfigureAwait(false);
        if (_sync.Fault is not null) return false;
        try
        {
            _wal.Roll(firstLsn);
            return true;
        }
        catch (Exception e)
        {
            LogWriteFailed(_logger, e);
            return false;
        }
    }

    /// <summary>Rolls back the newest batch (nothing after it exists yet) and fails its commands.</summary>
    private void TakeBack(PendingBatch batch, Exception error)
    {
        _state.Lock.EnterWriteLock();
        try
        {
            _state.Rollback(batch.Undo, 0);
            _state.Revision = batch.RevisionBefore;
            _state.Lsn = batch.LsnBefore;
            _state.CompactRevision = batch.CompactRevisionBefore;
        }
        finally
        {
            _state.Lock.ExitWriteLock();
        }
        foreach (var command in batch.Commands) command.Fail(error);
    }

    /// <summary>After a failed sync: roll back every batch not published, newest first, fail them, stop writing.</summary>
    private async Task StopAfterSyncFailureAsync(Exception syncFault, bool drained = false)
    {
        if (!drained) await _sync.DrainAsync().ConfigureAwait(false);
        _fault = syncFault;
        var error = Unavailable($"log sync failed: {syncFault.Message}", syncFault);
        var pending = _unpublished.Where(b => !b.Published).ToList();
        if (pending.Count == 0) return;
        _state.Lock.EnterWriteLock();
        try
        {
            for (var i = pending.Count - 1; i >= 0; i--) _state.Rollback(pending[i].Undo, 0);
            _state.Revision = pending[0].RevisionBefore;
            _state.Lsn = pending[0].LsnBefore;
            _state.CompactRevision = pending[0].CompactRevisionBefore;
        }
        finally
        {
            _state.Lock.ExitWriteLock();
        }
        foreach (var batch in pending)
        {
            foreach (var command in batch.Commands) command.Fail(error);
        }
        _unpublished.Clear();
    }

    private async Task MaybeSnapshotAsync()
    {
        // Snapshotting only after as much log as the last snapshot's size keeps the work per written byte bounded
        // (at most one snapshot byte per log byte) however large the state grows, and restart replays no more
        // log than one snapshot's worth.
        var threshold = Math.Max(_options.SnapshotThresholdBytes, _maintenance.LastSnapshotBytes);
        if (_bytesSinceSnapshot < threshold || !_maintenance.CanSnapshot) return;
        await _sync.DrainAsync().ConfigureAwait(false); // the snapshot describes published state only
        if (_sync.Fault is not null) return;
        _bytesSinceSnapshot = 0;
        _maintenance.Snapshot(new Snapshots.SnapshotJob(_state.Lsn, _state.Revision, _state.CompactRevision, _state.Leases.All()));
    }

    private static StoreUnavailableException Unavailable(string message, Exception? inner) => new(message, inner);

    [LoggerMessage(Level = LogLevel.Error, Message = "Log write failed; the batch was rolled back and not acknowledged")]
    private static partial void LogWriteFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Unexpected error in the write loop")]
    private static partial void LogUnexpected(ILogger logger, Exception error);
}
