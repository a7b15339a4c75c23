using Cluster.Store.Embedded.Log;

namespace Cluster.Store.Embedded.Writes;

/// <summary>
/// Runs a txn the way etcd does: compares against the current state, then the chosen branch's operations in order,
/// each seeing the ones before it. Puts and deletes share one new revision; reads see the txn's own writes.
/// </summary>
internal sealed class TxnCommand(TxnRequest txn) : WriteCommand<TxnResult>
{
    public override int SizeHint => 64 + Size(txn.Success) + Size(txn.Failure);

    public override void Execute(WriteContext context)
    {
        var state = context.State;
        var before = state.Revision;
        var revision = context.NextRevision;
        var succeeded = true;
        foreach (var compare in txn.Compares)
        {
            if (!state.Holds(compare, before))
            {
                succeeded = false;
                break;
            }
        }
        var ops = succeeded ? txn.Success : txn.Failure;
        foreach (var op in ops)
        {
            if (op is PutRequest { Lease: not 0 } p && !state.Leases.Exists(p.Lease)) throw new LeaseNotFoundException(p.Lease);
        }

        var results = new OpResult[ops.Count];
        for (var i = 0; i < ops.Count; i++)
        {
            switch (ops[i])
            {
                case RangeRequest r:
                    results[i] = state.ReadRange(r, state.Revision);
                    break;
                case PutRequest p:
                    var value = state.Values.Copy(p.Value.Span);
                    var prev = state.ApplyPut(p.Key, value, p.Lease, revision, context.Events, context.Undo);
                    context.Items.Add(LogItem.Put(p.Key, value, p.Lease));
                    results[i] = new PutResult(revision, p.PrevKv ? prev : null);
                    break;
                case DeleteRangeRequest d:
                    var live = state.LiveInRange(d.Key, d.RangeEnd, state.Revision);
                    var deleted = new List<KeyValue>(d.PrevKv ? live.Count : 0);
                    foreach (var h in live)
                    {
                        var old = state.ApplyDelete(h, revision, context.Events, context.Undo);
                        context.Items.Add(LogItem.Delete(h.Key));
                        if (d.PrevKv) deleted.Add(old);
                    }
                    results[i] = new DeleteRangeResult(revision, live.Count, deleted);
                    break;
            }
        }

        var final = state.Revision;
        for (var i = 0; i < results.Length; i++)
        {
            if (results[i].Revision != final) results[i] = results[i] with { Revision = final };
        }
        SetResult(new TxnResult(final, succeeded, results));
    }

    private static int Size(IReadOnlyList<TxnOp> ops)
    {
        var size = 0;
        foreach (var op in ops) size += op is PutRequest p ? p.Key.Length + p.Value.Length + 16 : 32;
        return size;
    }
}
