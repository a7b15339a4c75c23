using Cluster.Store.Embedded.Log;

namespace Cluster.Store.Embedded.Writes;

/// <summary>A lone put: what a txn with just this put does, without the txn's wrapping (the hottest write).</summary>
internal sealed class PutCommand(PutRequest put) : WriteCommand<PutResult>
{
    public override int SizeHint => put.Key.Length + put.Value.Length + 32;

    public override void Execute(WriteContext context)
    {
        var state = context.State;
        if (put.Lease != 0 && !state.Leases.Exists(put.Lease)) throw new LeaseNotFoundException(put.Lease);
        var revision = context.NextRevision;
        var value = state.Values.Copy(put.Value.Span);
        var prev = state.ApplyPut(put.Key, value, put.Lease, revision, context.Events, context.Undo);
        context.Items.Add(LogItem.Put(put.Key, value, put.Lease));
        SetResult(new PutResult(revision, put.PrevKv ? prev : null));
    }
}
