using Cluster.Store.Embedded.Log;

namespace Cluster.Store.Embedded.Writes;

/// <summary>Grants a lease durably; id 0 picks a fresh one. TTLs below the minimum are raised to it, as etcd does.</summary>
internal sealed class LeaseGrantCommand(long id, long ttlSeconds, long minTtlSeconds) : WriteCommand<LeaseGrant>
{
    public override void Execute(WriteContext context)
    {
        StoreLimits.CheckLeaseTtl(ttlSeconds);
        if (id < 0) throw new InvalidStoreRequestException("lease id must be positive");
        var leases = context.State.Leases;
        var leaseId = id == 0 ? leases.NewId() : id;
        if (leases.Exists(leaseId)) throw new InvalidStoreRequestException("lease already exists");
        var ttl = Math.Max(ttlSeconds, minTtlSeconds);
        context.State.ApplyLeaseGrant(leaseId, ttl, context.Undo);
        context.Items.Add(LogItem.LeaseGrant(leaseId, ttl));
        SetResult(new LeaseGrant(leaseId, ttl));
    }
}
