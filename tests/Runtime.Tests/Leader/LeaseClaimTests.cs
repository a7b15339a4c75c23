using Cluster.Api.Coordination.V1;
using Cluster.Runtime.Leader;

namespace Cluster.Runtime.Tests.Leader;

public sealed class LeaseClaimTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);

    public static TheoryData<string, LeaseSpec?, double, bool> Cases => new()
    {
        { "no lease yet", null, 0, true },
        { "no holder (released)", new LeaseSpec { HolderIdentity = null, LeaseDurationSeconds = 1 }, 0, true },
        { "our own lease", new LeaseSpec { HolderIdentity = "me", LeaseDurationSeconds = 15 }, 0, true },
        { "another's fresh lease", new LeaseSpec { HolderIdentity = "other", LeaseDurationSeconds = 15 }, 14.9, false },
        { "another's lease unchanged for its duration", new LeaseSpec { HolderIdentity = "other", LeaseDurationSeconds = 15 }, 15, true },
        { "the lease's own duration counts", new LeaseSpec { HolderIdentity = "other", LeaseDurationSeconds = 40 }, 20, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_candidate_may_claim_only_a_lease_that_is_free_its_own_or_expired_by_its_own_clock(string _, LeaseSpec? lease, double secondsSinceObserved, bool expected) =>
        Assert.Equal(expected, LeaseClaim.MayClaim(lease, "me", T0, T0.AddSeconds(secondsSinceObserved), Duration));

    [Fact]
    public void Renewing_keeps_acquire_time_and_transitions_and_taking_over_counts_a_transition()
    {
        var first = LeaseClaim.Claim(null, "a", T0, Duration);
        Assert.Equal(("a", 0, T0, T0, 15), (first.HolderIdentity, first.LeaseTransitions, first.AcquireTime, first.RenewTime, first.LeaseDurationSeconds));
        var renewed = LeaseClaim.Claim(first, "a", T0.AddSeconds(2), Duration);
        Assert.Equal((0, T0, T0.AddSeconds(2)), (renewed.LeaseTransitions, renewed.AcquireTime, renewed.RenewTime));
        var taken = LeaseClaim.Claim(renewed, "b", T0.AddSeconds(30), Duration);
        Assert.Equal(("b", 1, T0.AddSeconds(30)), (taken.HolderIdentity, taken.LeaseTransitions, taken.AcquireTime));
        var released = LeaseClaim.Release(taken, T0.AddSeconds(31));
        Assert.Null(released.HolderIdentity);
        Assert.Equal(1, released.LeaseDurationSeconds);
    }

    [Fact]
    public void A_renew_deadline_not_shorter_than_the_lease_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new LeaderElectionOptions { LeaseName = "x", LeaseDuration = TimeSpan.FromSeconds(10), RenewDeadline = TimeSpan.FromSeconds(10) }.Validate());
        new LeaderElectionOptions { LeaseName = "x" }.Validate();
    }
}
