using System.Threading.Channels;
using Cluster.Store.Embedded.Log;
using Cluster.Store.Embedded.Mvcc;
using Cluster.Store.Embedded.Watch;
using Microsoft.Extensions.Logging;

namespace Cluster.Store.Embedded.Writes;

/// <summary>
/// The single writer. It takes every queued command at once (group commit), runs them in order under the write
/// lock, appends their records to the log with one write and one fdatasync, and only then publishes the new
/// revision, feeds the event history and answers the callers.
/// </summary>
/// <remarks>
/// If the log write fails, the batch is rolled back in memory before anyone saw it and every caller gets
/// <see cref="StoreUnavailableException"/>. After a failed sync the page cache can no longer be trusted, so the
/// loop refuses further writes until the store is reopened.
/// </remarks>
internal sealed partial class WriteLoop
{
    private readonly Channel<WriteCommand> _queue = Channel.CreateUnbounded<WriteCommand>(new UnboundedChannelOptions { SingleReader = true });
    private readonly MvccState _state;
    private readonly EventHistory _history;
    private readonly WriteAheadLog _wal;
    private readonly EmbeddedStoreOptions _options;
    private readonly MaintenanceLoop _maintenance;
    private readonly ILogger _logger;
    private readonly WriteContext _context;
    private readonly ByteBuffer _buffer = new(1 << 20);
    private readonly List<WriteCommand> _batch = [];
    private readonly List<WriteCommand> _done = [];
    private Exception? _fault;
    private long _bytesSinceSnapshot;

    public WriteLoop(MvccState state, EventHistory history, WriteAheadLog wal, EmbeddedStoreOptions options, MaintenanceLoop maintenance,
        long logBytesSinceSnapshot, ILogger logger)
    {
        _bytesSinceSnapshot = logBytesSinceSnapshot;
        _state = state;
        _history = history;
        _wal = wal;
        _options = options;
        _maintenance = maintenance;
        _logger = logger;
        _context = new WriteContext(state);
        Completion = Task.Run(RunAsync);
    }

    /// <summary>Ends when the queue is closed and drained.</summary>
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
            _batch.Clear();
            var bytes = 0;
            while (_batch.Count < _options.MaxBatchCommands && bytes < _options.MaxBatchBytes && reader.TryRead(out var command))
            {
                _batch.Add(command);
                bytes += command.SizeHint;
            }
            if (_fault is not null)
            {
                foreach (var command in _batch) command.Fail(Unavailable("the store stopped writing after an I/O error; reopen it", _fault));
                continue;
            }
            try
            {
                WriteBatch();
            }
            catch (Exception e)
            {
                // Only a bug gets here; fail the batch rather than leave callers waiting forever.
                LogUnexpected(_logger, e);
                foreach (var command in _batch) command.Fail(e);
            }
        }
    }

    private void WriteBatch()
    {
        var revisionBefore = _state.Revision;
        var lsnBefore = _state.Lsn;
        var compactBefore = _state.CompactRevision;
        _buffer.Clear();
        _context.Events.Clear();
        _context.Undo.Entries.Clear();
        _done.Clear();
        var compactions = new List<long>();

        _state.Lock.EnterWriteLock();
        try
        {
            foreach (var command in _batch)
            {
                if (Run(command) && command is CompactCommand c) compactions.Add(c.Revision);
            }
        }
        finally
        {
            _state.Lock.ExitWriteLock();
        }

        if (_buffer.Length > 0 && !TryMakeDurable(lsnBefore + 1, out var error))
        {
            _state.Lock.EnterWriteLock();
            try
            {
                _state.Rollback(_context.Undo, 0);
                _state.Revision = revisionBefore;
                _state.Lsn = lsnBefore;
                _state.CompactRevision = compactBefore;
            }
            finally
            {
                _state.Lock.ExitWriteLock();
            }
            foreach (var command in _done) command.Fail(error);
            return;
        }

        if (_state.Revision != revisionBefore || _context.Events.Count > 0)
        {
            _history.Publish(_context.Events, _state.Revision);
            _state.Publish(_state.Revision);
        }
        foreach (var command in _done) command.Complete();
        foreach (var revision in compactions) _maintenance.Compact(revision);
        MaybeSnapshot();
    }

    /// <summary>Runs one command; on a refusal takes back its changes and fails it alone.</summary>
    private bool Run(WriteCommand command)
    {
        var undoMark = _context.Undo.Entries.Count;
        var eventMark = _context.Events.Count;
        var revision = _state.Revision;
        var lsn = _state.Lsn;
        var compact = _state.CompactRevision;
        _context.Items.Clear();
        _context.NextRevision = revision + 1;
        try
        {
            command.Execute(_context);
        }
        catch (Exception e)
        {
            _state.Rollback(_context.Undo, undoMark);
            _context.Events.RemoveRange(eventMark, _context.Events.Count - eventMark);
            _state.Revision = revision;
            _state.Lsn = lsn;
            _state.CompactRevision = compact;
            if (e is not StoreException) LogUnexpected(_logger, e);
            command.Fail(e);
            return false;
        }
        if (_context.Items.Count > 0)
        {
            _state.Lsn = lsn + 1;
            LogCodec.WriteRecord(_buffer, _state.Lsn, _state.Revision != revision ? _state.Revision : 0, _context.Items);
        }
        _done.Add(command);
        return true;
    }

    private bool TryMakeDurable(long firstLsn, out Exception error)
    {
        long offsetBefore = -1;
        try
        {
            _wal.RollIfDue(_buffer.Length, firstLsn);
            offsetBefore = _wal.Offset;
            _wal.Append(_buffer.Written);
        }
        catch (Exception e)
        {
            error = Unavailable($"log write failed: {e.Message}", e);
            LogWriteFailed(_logger, e);
            try
            {
                if (offsetBefore >= 0) _wal.Discard(offsetBefore);
            }
            catch (Exception truncateError)
            {
                _fault = truncateError;
            }
            return false;
        }
        try
        {
            _wal.Sync();
        }
        catch (Exception e)
        {
            error = Unavailable($"log sync failed: {e.Message}", e);
            LogWriteFailed(_logger, e);
            _fault = e;
            return false;
        }
        _bytesSinceSnapshot += _buffer.Length;
        error = null!;
        return true;
    }

    private void MaybeSnapshot()
    {
        // Snapshotting only after as much log as the last snapshot's size keeps the work per written byte bounded
        // (at most one snapshot byte per log byte) however large the state grows, and restart replays no more
        // log than one snapshot's worth.
        var threshold = Math.Max(_options.SnapshotThresholdBytes, _maintenance.LastSnapshotBytes);
        if (_bytesSinceSnapshot < threshold || !_maintenance.CanSnapshot) return;
        _bytesSinceSnapshot = 0;
        _maintenance.Snapshot(new Snapshots.SnapshotJob(_state.Lsn, _state.Revision, _state.CompactRevision, _state.Leases.All()));
    }

    private static StoreUnavailableException Unavailable(string message, Exception inner) => new(message, inner);

    [LoggerMessage(Level = LogLevel.Error, Message = "Log write failed; the batch was rolled back and not acknowledged")]
    private static partial void LogWriteFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Unexpected error in the write loop")]
    private static partial void LogUnexpected(ILogger logger, Exception error);
}
