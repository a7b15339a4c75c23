using Cluster.Api.Apps.V1;
using Cluster.Api.Meta.V1;
using Cluster.Api.Serialization;
using Cluster.Controllers.Deployments;

namespace Cluster.Controllers.Tests.Deployments;

public sealed class RolloutMathTests
{
    private static Deployment D(int replicas, IntOrString? surge = null, IntOrString? unavailable = null, string type = "RollingUpdate") => new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = "ns", Generation = 1 },
        Spec = new DeploymentSpec
        {
            Replicas = replicas,
            Strategy = new DeploymentStrategy { Type = type, RollingUpdate = type == "RollingUpdate" ? new RollingUpdateDeployment { MaxSurge = surge ?? "25%", MaxUnavailable = unavailable ?? "25%" } : null },
        },
    };

    private static ReplicaSet Rs(string name, int replicas, int available = 0, int? maxReplicas = null, int ageMinutes = 0) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name,
            CreationTimestamp = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(-ageMinutes),
            Annotations = maxReplicas is { } m ? new Dictionary<string, string> { [DeploymentAnnotations.MaxReplicas] = m.ToString(System.Globalization.CultureInfo.InvariantCulture) } : null,
        },
        Spec = new ReplicaSetSpec { Replicas = replicas },
        Status = new ReplicaSetStatus { Replicas = replicas, AvailableReplicas = available },
    };

    [Theory]
    [InlineData(10, "25%", "25%", 3, 2)]
    [InlineData(4, "25%", "25%", 1, 1)]
    [InlineData(1, "25%", "25%", 1, 0)]
    [InlineData(3, "0%", "0%", 0, 1)]
    [InlineData(10, "50%", "10%", 5, 1)]
    public void Surge_rounds_up_and_unavailability_rounds_down_and_both_zero_allows_one_unavailable(int replicas, string surge, string unavailable, int maxSurge, int maxUnavailable) =>
        Assert.Equal((maxSurge, maxUnavailable), RolloutMath.Fenceposts(D(replicas, surge, unavailable)));

    [Fact]
    public void Absolute_values_are_taken_as_they_are() => Assert.Equal((2, 0), RolloutMath.Fenceposts(D(5, 2, 0)));

    [Theory]
    [InlineData(4, 1, 4, 0, 1)] // 4 old + 0 new, surge 1: the new set may grow to 1
    [InlineData(4, 1, 3, 1, 2)] // one old gone: new grows to 2
    [InlineData(4, 1, 4, 1, 1)] // at the surge limit: no growth
    [InlineData(4, 2, 0, 3, 4)] // capped at the desired count
    public void The_new_replica_set_grows_within_max_surge(int replicas, int surge, int oldSize, int newSize, int expected)
    {
        var d = D(replicas, surge, 1);
        var old = Rs("old", oldSize);
        var fresh = Rs("new", newSize);
        Assert.Equal(expected, RolloutMath.NewReplicaSetReplicas(d, [old, fresh], fresh));
    }

    [Fact]
    public void Pods_of_an_old_replica_set_not_yet_deleted_hold_the_surge_back()
    {
        var d = D(4, 1, 1);
        var old = Rs("old", 2) with { Status = new ReplicaSetStatus { Replicas = 3, AvailableReplicas = 3 } }; // scaled 3 -> 2, one pod still there
        var fresh = Rs("new", 2);
        Assert.Equal(2, RolloutMath.NewReplicaSetReplicas(d, [old, fresh], fresh));
        var gone = old with { Status = new ReplicaSetStatus { Replicas = 2, AvailableReplicas = 2 } };
        Assert.Equal(3, RolloutMath.NewReplicaSetReplicas(d, [gone, fresh], fresh));
    }

    [Fact]
    public void Recreate_sizes_the_new_replica_set_to_the_desired_count_at_once() =>
        Assert.Equal(5, RolloutMath.NewReplicaSetReplicas(D(5, type: "Recreate"), [Rs("new", 0)], Rs("new", 0)));

    [Fact]
    public void Old_replica_sets_shrink_only_as_far_as_availability_allows_unhealthy_ones_first()
    {
        var d = D(4, 1, 1); // min available 3
        var old = Rs("old", 4, available: 4, ageMinutes: 10);
        var fresh = Rs("new", 1, available: 0);
        Assert.Equal(1, RolloutMath.MaxScaledDown(d, [old, fresh], fresh)); // 5 pods - 3 kept available - 1 new not yet available
        Assert.Equal(3, RolloutMath.ScaleDownOld(d, [old, fresh], [old], fresh)["old"]);

        var ready = Rs("new", 1, available: 1);
        Assert.Equal(2, RolloutMath.ScaleDownOld(d, [old, ready], [old], ready)["old"]);

        var unavailableNew = Rs("new", 2, available: 0);
        Assert.Equal(3, RolloutMath.ScaleDownOld(d, [old, unavailableNew], [old], unavailableNew)["old"]); // 6 - 3 kept - 2 new unavailable

        var unhealthy = Rs("broken", 2, available: 0, ageMinutes: 20);
        var sizes = RolloutMath.ScaleDownOld(d, [unhealthy, old, ready], [unhealthy, old], ready);
        Assert.Equal((0, 2), (sizes["broken"], sizes["old"]));
    }

    [Fact]
    public void A_scale_during_a_rollout_is_shared_in_proportion_with_the_leftover_to_the_largest()
    {
        // Sized for 10 + surge 3 = 13; now 20 (+ surge 5 = 25): 12 more to share between 8 and 5.
        var d = D(20, "25%", "25%");
        var sizes = RolloutMath.ScaleProportionally(d, [Rs("big", 8, maxReplicas: 13), Rs("small", 5, maxReplicas: 13)]);
        Assert.Equal(25, sizes.Values.Sum());
        Assert.Equal((15, 10), (sizes["big"], sizes["small"]));

        var down = RolloutMath.ScaleProportionally(D(4, "25%", "25%"), [Rs("big", 8, maxReplicas: 13), Rs("small", 5, maxReplicas: 13)]);
        Assert.Equal(5, down.Values.Sum());
    }
}
