using System.Threading.Channels;
using Cluster.Store.Embedded.Log;
using Cluster.Store.Embedded.Mvcc;
using Cluster.Store.Embedded.Snapshots;
using Cluster.Store.Embedded.Watch;
using Microsoft.Extensions.Logging;

namespace Cluster.Store.Embedded;

/// <summary>
/// Background work that must not hold up writes: writing snapshots (then deleting the log segments and older
/// snapshots they cover) and reclaiming compacted history. One job at a time, so a compaction never removes
/// versions a snapshot in progress still reads.
/// </summary>
internal sealed partial class MaintenanceLoop
{
    private const int CompactSlice = 1024;
    private readonly Channel<object> _jobs = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly DataLayout _layout;
    private readonly MvccState _state;
    private readonly EventHistory _history;
    private readonly ILogger _logger;
    private int _snapshotInFlight;
    private long _lastSnapshotBytes;

    public MaintenanceLoop(DataLayout layout, MvccState state, EventHistory history, ILogger logger)
    {
        _layout = layout;
        _state = state;
        _history = history;
        _logger = logger;
        var newest = DataLayout.ListSnapshots(layout.Snapshots).LastOrDefault();
        if (newest.Path is not null) _lastSnapshotBytes = new FileInfo(newest.Path).Length;
        Completion = Task.Run(RunAsync);
    }

    public Task Completion { get; }

    /// <summary>The size of the newest snapshot on disk.</summary>
    public long LastSnapshotBytes => Volatile.Read(ref _lastSnapshotBytes);

    /// <summary>False while a snapshot is queued or being written.</summary>
    public bool CanSnapshot => Volatile.Read(ref _snapshotInFlight) == 0;

    public void Snapshot(SnapshotJob job)
    {
        Volatile.Write(ref _snapshotInFlight, 1);
        if (!_jobs.Writer.TryWrite(job)) Volatile.Write(ref _snapshotInFlight, 0);
    }

    public void Compact(long revision) => _jobs.Writer.TryWrite(revision);

    public void Close() => _jobs.Writer.TryComplete();

    private async Task RunAsync()
    {
        await foreach (var job in _jobs.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                switch (job)
                {
                    case SnapshotJob snapshot:
                        WriteSnapshot(snapshot);
                        break;
                    case long revision:
                        Reclaim(revision);
                        break;
                }
            }
            catch (Exception e)
            {
                LogFailed(_logger, e);
            }
            finally
            {
                if (job is SnapshotJob) Volatile.Write(ref _snapshotInFlight, 0);
            }
        }
    }

    private void WriteSnapshot(SnapshotJob job)
    {
        var started = TimeProvider.System.GetTimestamp();
        var path = SnapshotWriter.Write(_layout.Snapshots, job, _state, _history);
        Volatile.Write(ref _lastSnapshotBytes, new FileInfo(path).Length);
        foreach (var old in DataLayout.ListSnapshots(_layout.Snapshots))
        {
            if (old.Lsn < job.Lsn) File.Delete(old.Path);
        }
        WriteAheadLog.DeleteCoveredSegments(_layout.Log, job.Lsn);
        var elapsed = TimeProvider.System.GetElapsedTime(started);
        LogSnapshot(_logger, path, job.Revision, elapsed.TotalMilliseconds);
    }

    /// <summary>Drops versions below the compacted revision, a slice of keys at a time so writers keep going.</summary>
    private void Reclaim(long revision)
    {
        byte[]? after = null;
        while (true)
        {
            _state.Lock.EnterWriteLock();
            try
            {
                var slice = _state.Index.Slice(after, CompactSlice);
                if (slice.Count == 0) break;
                after = slice[^1].Key;
                foreach (var h in slice)
                {
                    if (!h.Compact(revision)) _state.Index.Remove(h.Key);
                }
            }
            finally
            {
                _state.Lock.ExitWriteLock();
            }
        }
        _history.TrimBefore(revision);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote snapshot {Path} at revision {Revision} in {Milliseconds:F0} ms")]
    private static partial void LogSnapshot(ILogger logger, string path, long revision, double milliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Store maintenance failed; it will be retried with the next snapshot or compaction")]
    private static partial void LogFailed(ILogger logger, Exception error);
}
