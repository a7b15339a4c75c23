using Cluster.Store.Embedded.Log;

namespace Cluster.Store.Embedded.Writes;

/// <summary>
/// Records a compaction durably and makes reads below it fail at once; the memory is reclaimed afterwards, in the
/// background (<see cref="MaintenanceLoop"/>). Returns the current revision.
/// </summary>
internal sealed class CompactCommand(long revision) : WriteCommand<long>
{
    public long Revision => revision;

    public override void Execute(WriteContext context)
    {
        var state = context.State;
        if (revision > state.Revision) throw new FutureRevisionException(revision, state.Revision);
        if (revision <= state.CompactRevision) throw new CompactedException(state.CompactRevision);
        state.CompactRevision = revision;
        context.Items.Add(LogItem.Compact(revision));
        SetResult(state.Revision);
    }
}
