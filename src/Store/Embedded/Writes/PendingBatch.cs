using Cluster.Store.Embedded.Mvcc;
using Cluster.Store.Embedded.Watch;

namespace Cluster.Store.Embedded.Writes;

/// <summary>
/// A batch the write loop has applied in memory and appended to the log, on its way to the sync loop, which makes
/// it durable and then publishes it. Until then its changes are invisible and can be rolled back.
/// </summary>
internal sealed class PendingBatch(int commands = 0)
{
    /// <summary>The commands to answer, in order, once the batch is durable.</summary>
    public List<WriteCommand> Commands { get; } = new(commands);

    /// <summary>Its changes, in order, for the event history.</summary>
    public List<HistoryEntry> Events { get; } = new(commands);

    public UndoLog Undo { get; } = new();

    /// <summary>Compactions it recorded, to reclaim once it is durable.</summary>
    public List<long> Compactions { get; } = [];

    public long RevisionBefore { get; init; }
    public long LsnBefore { get; init; }
    public long CompactRevisionBefore { get; init; }

    /// <summary>The revision after the batch.</summary>
    public long Revision { get; set; }

    /// <summary>Its position in the order of log appends; 0 if it wrote nothing to the log.</summary>
    public long AppendSequence { get; set; }

    /// <summary>Set by the sync loop once the batch is durable and visible.</summary>
    public bool Published { get; set; }

    /// <summary>Set on a barrier: completed once every batch before it has been handled.</summary>
    public TaskCompletionSource? Barrier { get; init; }
}
