using Cluster.Store.Embedded.Log;
using Cluster.Store.Embedded.Mvcc;
using Cluster.Store.Embedded.Watch;

namespace Cluster.Store.Embedded.Writes;

/// <summary>What a <see cref="WriteCommand"/> works with while the write loop runs it under the write lock.</summary>
internal sealed class WriteContext(MvccState state)
{
    private PendingBatch? _batch;

    public MvccState State { get; } = state;

    /// <summary>The effects of the command being run, which become its log record.</summary>
    public List<LogItem> Items { get; } = [];

    /// <summary>The changes of the whole batch, in order, for the event history.</summary>
    public List<HistoryEntry> Events => _batch!.Events;

    public UndoLog Undo => _batch!.Undo;

    /// <summary>The revision the running command writes at, if it changes anything.</summary>
    public long NextRevision { get; private set; }

    /// <summary>Starts a command of <paramref name="batch"/> that would write at <paramref name="nextRevision"/>.</summary>
    public void Begin(PendingBatch batch, long nextRevision)
    {
        _batch = batch;
        Items.Clear();
        NextRevision = nextRevision;
    }
}
