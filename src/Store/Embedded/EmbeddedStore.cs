using Cluster.Store.Embedded.Leases;
using Cluster.Store.Embedded.Log;
using Cluster.Store.Embedded.Mvcc;
using Cluster.Store.Embedded.Snapshots;
using Cluster.Store.Embedded.Watch;
using Cluster.Store.Embedded.Writes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Store.Embedded;

/// <summary>
/// The default engine: in-process, no setup, data in one directory. Reads and watches are served from memory;
/// every write is in the log (checksummed records, group-committed fsync) before it is acknowledged; snapshots
/// bound restart time; compaction frees memory and disk. See <see cref="IKeyValueStore"/> for the contract.
/// </summary>
public sealed partial class EmbeddedStore : IKeyValueStore
{
    private readonly DataLayout _layout;
    private readonly MvccState _state;
    private readonly EventHistory _history;
    private readonly WriteAheadLog _wal;
    private readonly WriteLoop _writer;
    private readonly MaintenanceLoop _maintenance;
    private readonly LeaseExpiryLoop _leaseExpiry;
    private readonly EmbeddedStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _closing = new();
    private int _disposed;

    private EmbeddedStore(DataLayout layout, MvccState state, EventHistory history, WriteAheadLog wal, long logBytesSinceSnapshot,
        EmbeddedStoreOptions options, TimeProvider time, ILogger logger)
    {
        _layout = layout;
        _state = state;
        _history = history;
        _wal = wal;
        _options = options;
        _time = time;
        _maintenance = new MaintenanceLoop(layout, state, history, logger);
        _writer = new WriteLoop(state, history, wal, options, _maintenance, logBytesSinceSnapshot, logger);
        _leaseExpiry = new LeaseExpiryLoop(state.Leases, _writer, options.LeaseCheckInterval, time, logger);
        Leases = new EmbeddedLeases(state.Leases, _writer, options.MinLeaseTtlSeconds);
        if (state.CompactRevision > 0) _maintenance.Compact(state.CompactRevision);
    }

    public ILeases Leases { get; }

    /// <summary>The newest durable revision.</summary>
    public long Revision => _state.PublishedRevision;

    /// <summary>
    /// Opens (or creates) the store in <paramref name="options"/>' data directory: loads the newest snapshot,
    /// replays the log after it, cuts off a torn write at the log's end, and takes the directory's lock.
    /// </summary>
    /// <exception cref="StoreCorruptedException">Damaged data that cannot be a torn write.</exception>
    /// <exception cref="StoreUnavailableException">Another process has the directory open, or it cannot be read or written.</exception>
    public static Task<EmbeddedStore> OpenAsync(EmbeddedStoreOptions options, ILogger? logger = null, TimeProvider? time = null,
        CancellationToken ct = default) =>
        Task.Run(() => Open(options, logger ?? NullLogger.Instance, time ?? TimeProvider.System), ct);

    private static EmbeddedStore Open(EmbeddedStoreOptions options, ILogger logger, TimeProvider time)
    {
        var layout = DataLayout.Open(options.DataDirectory);
        try
        {
            layout.RemoveIncompleteFiles();
            var state = new MvccState(new LeaseTable(time));
            var events = new List<HistoryEntry>();
            var started = time.GetTimestamp();
            var snapshots = DataLayout.ListSnapshots(layout.Snapshots);
            if (snapshots.Count > 0) events = SnapshotReader.Load(snapshots[^1].Path, state);
            var snapshotLoaded = time.GetTimestamp();
            var tail = LogRecovery.Replay(layout.Log, state.Lsn, record => state.Replay(record, events), logger);
            var replayed = time.GetTimestamp();

            var history = new EventHistory(state.Revision);
            history.Publish(events, state.Revision);
            history.TrimBefore(state.CompactRevision);
            state.Publish(state.Revision);

            var wal = tail.SegmentPath is { } path
                ? WriteAheadLog.Continue(layout.Log, options.LogSegmentBytes, path, tail.SegmentFirstLsn, tail.ValidLength)
                : WriteAheadLog.Create(layout.Log, options.LogSegmentBytes, state.Lsn + 1);
            LogOpened(logger, options.DataDirectory, state.Revision, state.Index.Count,
                time.GetElapsedTime(started, snapshotLoaded).TotalMilliseconds, time.GetElapsedTime(snapshotLoaded, replayed).TotalMilliseconds,
                time.GetElapsedTime(replayed).TotalMilliseconds);
            return new EmbeddedStore(layout, state, history, wal, tail.ReplayedBytes, options, time, logger);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            layout.Dispose();
            throw new StoreUnavailableException($"cannot open the store in {options.DataDirectory}: {e.Message}", e);
        }
        catch
        {
            layout.Dispose();
            throw;
        }
    }

    public ValueTask<RangeResult> RangeAsync(RangeRequest request, CancellationToken ct = default)
    {
        StoreLimits.RequireKey(request.Key);
        ThrowIfClosed();
        _state.Lock.EnterReadLock();
        try
        {
            return ValueTask.FromResult(_state.ReadRange(request, _state.PublishedRevision));
        }
        finally
        {
            _state.Lock.ExitReadLock();
        }
    }

    public async ValueTask<PutResult> PutAsync(PutRequest request, CancellationToken ct = default)
    {
        StoreLimits.Check(request);
        ThrowIfClosed();
        return await _writer.Submit(new PutCommand(request)).WaitAsync(ct).ConfigureAwait(false);
    }

    public async ValueTask<DeleteRangeResult> DeleteRangeAsync(DeleteRangeRequest request, CancellationToken ct = default)
    {
        StoreLimits.RequireKey(request.Key);
        var result = await Write(new TxnRequest([], [request]), ct).ConfigureAwait(false);
        return (DeleteRangeResult)result.Responses[0];
    }

    public ValueTask<TxnResult> TxnAsync(TxnRequest request, CancellationToken ct = default)
    {
        StoreLimits.Check(request);
        if (IsReadOnly(request.Success) && IsReadOnly(request.Failure)) return ValueTask.FromResult(ReadOnlyTxn(request));
        return new ValueTask<TxnResult>(Write(request, ct));
    }

    public IStoreWatch Watch(WatchRequest request)
    {
        ThrowIfClosed();
        return new EmbeddedWatch(_history, () => _state.CompactRevision, request, _options.ProgressNotifyInterval, _time, _closing.Token);
    }

    public async ValueTask<long> CompactAsync(long revision, CancellationToken ct = default)
    {
        ThrowIfClosed();
        return await _writer.Submit(new CompactCommand(revision)).WaitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Finishes queued writes, stops background work, ends every watch and releases the directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _leaseExpiry.Stop();
        await _leaseExpiry.Completion.ConfigureAwait(false);
        _leaseExpiry.Dispose();
        _writer.Close();
        await _writer.Completion.ConfigureAwait(false);
        _maintenance.Close();
        await _maintenance.Completion.ConfigureAwait(false);
        await _closing.CancelAsync().ConfigureAwait(false);
        _history.Signal();
        _wal.Dispose();
        _layout.Dispose();
        _closing.Dispose();
    }

    private Task<TxnResult> Write(TxnRequest request, CancellationToken ct)
    {
        ThrowIfClosed();
        return _writer.Submit(new TxnCommand(request)).WaitAsync(ct);
    }

    private TxnResult ReadOnlyTxn(TxnRequest request)
    {
        ThrowIfClosed();
        _state.Lock.EnterReadLock();
        try
        {
            var view = _state.PublishedRevision;
            var succeeded = request.Compares.All(c => _state.Holds(c, view));
            var ops = succeeded ? request.Success : request.Failure;
            var results = ops.Select(op => (OpResult)_state.ReadRange((RangeRequest)op, view)).ToList();
            return new TxnResult(view, succeeded, results);
        }
        finally
        {
            _state.Lock.ExitReadLock();
        }
    }

    private static bool IsReadOnly(IReadOnlyList<TxnOp> ops) => ops.All(op => op is RangeRequest);

    private void ThrowIfClosed()
    {
        if (Volatile.Read(ref _disposed) != 0) throw new StoreUnavailableException("the store is closed");
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Opened store {Directory} at revision {Revision} with {Keys} keys (snapshot {SnapshotMs:F0} ms, log {LogMs:F0} ms, rest {RestMs:F0} ms)")]
    private static partial void LogOpened(ILogger logger, string directory, long revision, int keys, double snapshotMs, double logMs, double restMs);
}
