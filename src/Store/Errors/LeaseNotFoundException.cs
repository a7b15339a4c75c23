namespace Cluster.Store.Errors;

/// <summary>The lease does not exist: never granted, revoked, or expired.</summary>
public sealed class LeaseNotFoundException(long leaseId)
    : StoreException($"requested lease not found: {leaseId:x}")
{
    public long LeaseId { get; } = leaseId;
}
