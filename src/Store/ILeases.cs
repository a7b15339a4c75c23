namespace Cluster.Store;

/// <summary>
/// Leases: a lease lives for its TTL unless kept alive; when it expires or is revoked, every key attached to it
/// is deleted in one revision. Lease grants are durable; after a restart every lease gets a fresh TTL (as etcd does).
/// </summary>
public interface ILeases
{
    /// <summary>
    /// Grants a lease. With <paramref name="id"/> 0 the store picks the id. A TTL below the store's minimum (2 s,
    /// as etcd's) is raised to it; a TTL that is not positive is refused.
    /// </summary>
    ValueTask<LeaseGrant> GrantAsync(long ttlSeconds, long id = 0, CancellationToken ct = default);

    /// <summary>Revokes a lease and deletes its keys.</summary>
    /// <exception cref="LeaseNotFoundException">No such lease.</exception>
    ValueTask RevokeAsync(long id, CancellationToken ct = default);

    /// <summary>Renews a lease to its full TTL and returns that TTL in seconds.</summary>
    /// <exception cref="LeaseNotFoundException">No such lease (expired or revoked).</exception>
    ValueTask<long> KeepAliveAsync(long id, CancellationToken ct = default);

    /// <summary>Describes a lease, or returns null if it does not exist.</summary>
    ValueTask<LeaseInfo?> TimeToLiveAsync(long id, bool withKeys = false, CancellationToken ct = default);
}
