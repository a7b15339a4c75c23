using Cluster.Api.Coordination.V1;

namespace Cluster.Runtime.Leader;

/// <summary>
/// The pure rule of a lease election (client-go's tryAcquireOrRenew): whether a candidate may write itself into the
/// lease, and the spec it writes. Expiry is judged by the candidate's own clock — the time it last saw the lease
/// change plus the lease duration — never by the timestamps other machines wrote.
/// </summary>
public static class LeaseClaim
{
    /// <summary>True when <paramref name="identity"/> may claim or renew the lease now.</summary>
    public static bool MayClaim(LeaseSpec? current, string identity, DateTimeOffset observedAt, DateTimeOffset now, TimeSpan leaseDuration) =>
        current is null
        || string.IsNullOrEmpty(current.HolderIdentity)
        || current.HolderIdentity == identity
        || observedAt + Duration(current, leaseDuration) <= now;

    /// <summary>The spec that claims (or renews) the lease: acquireTime and transitions change only with the holder.</summary>
    public static LeaseSpec Claim(LeaseSpec? current, string identity, DateTimeOffset now, TimeSpan leaseDuration)
    {
        var renewing = current?.HolderIdentity == identity;
        return new LeaseSpec
        {
            HolderIdentity = identity,
            LeaseDurationSeconds = (int)Math.Ceiling(leaseDuration.TotalSeconds),
            AcquireTime = renewing ? current!.AcquireTime ?? now : now,
            RenewTime = now,
            LeaseTransitions = renewing ? current!.LeaseTransitions ?? 0 : (current is null ? 0 : (current.LeaseTransitions ?? 0) + 1),
        };
    }

    /// <summary>The spec that gives the lease up: no holder, so the next candidate need not wait.</summary>
    public static LeaseSpec Release(LeaseSpec current, DateTimeOffset now) => current with
    {
        HolderIdentity = null,
        LeaseDurationSeconds = 1,
        RenewTime = now,
    };

    private static TimeSpan Duration(LeaseSpec lease, TimeSpan fallback) =>
        lease.LeaseDurationSeconds is { } seconds and > 0 ? TimeSpan.FromSeconds(seconds) : fallback;
}
