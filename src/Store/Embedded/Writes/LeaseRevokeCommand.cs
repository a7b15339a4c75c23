using Cluster.Store.Embedded.Log;

namespace Cluster.Store.Embedded.Writes;

/// <summary>
/// Revokes a lease and deletes its keys in one revision (no revision if it had none). An expiry revoke
/// (<paramref name="onlyIfExpired"/>) does nothing if a keep-alive renewed the lease meanwhile.
/// </summary>
internal sealed class LeaseRevokeCommand(long id, bool onlyIfExpired) : WriteCommand<bool>
{
    public override void Execute(WriteContext context)
    {
        var state = context.State;
        if (!state.Leases.Exists(id))
        {
            if (onlyIfExpired)
            {
                SetResult(false);
                return;
            }
            throw new LeaseNotFoundException(id);
        }
        if (onlyIfExpired && !state.Leases.IsExpired(id))
        {
            SetResult(false);
            return;
        }
        var keys = state.Leases.KeysOf(id);
        keys.Sort((a, b) => a.Key.AsSpan().SequenceCompareTo(b.Key));
        foreach (var h in keys)
        {
            if (h.Latest.IsTombstone) continue;
            state.ApplyDelete(h, context.NextRevision, context.Events, context.Undo);
            context.Items.Add(LogItem.Delete(h.Key));
        }
        state.ApplyLeaseRevoke(id, context.Undo);
        context.Items.Add(LogItem.LeaseRevoke(id));
        SetResult(true);
    }
}
