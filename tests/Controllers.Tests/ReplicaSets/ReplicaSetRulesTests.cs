using Cluster.Api.Core.V1;
using Cluster.Controllers.Common;
using Cluster.Controllers.ReplicaSets;
using static Cluster.Controllers.Tests.Objects;

namespace Cluster.Controllers.Tests.ReplicaSets;

public sealed class ReplicaSetRulesTests
{
    private static IReadOnlyList<string> Names(IEnumerable<Pod> pods) => [.. pods.Select(p => p.Metadata!.Name!)];

    [Fact]
    public void Claim_keeps_matching_owned_pods_adopts_matching_orphans_and_releases_owned_pods_that_stopped_matching()
    {
        var rs = ReplicaSet();
        var pods = new[]
        {
            Pod("owned"),
            Pod("orphan", ownerUid: null),
            Pod("other-controller", ownerUid: "someone-else"),
            Pod("relabelled", labels: new() { ["app"] = "db" }),
            Pod("orphan-not-matching", ownerUid: null, labels: new() { ["app"] = "db" }),
        };
        var claim = ReplicaSetRules.ClaimPods(rs, LabelSelectors.From(rs.Spec!.Selector), pods);
        Assert.Equal(["owned"], Names(claim.Owned));
        Assert.Equal(["orphan"], Names(claim.Adopt));
        Assert.Equal(["relabelled"], Names(claim.Release));
    }

    [Fact]
    public void A_replica_set_being_deleted_adopts_nothing()
    {
        var rs = ReplicaSet() with { Metadata = ReplicaSet().Metadata! with { DeletionTimestamp = Now } };
        var claim = ReplicaSetRules.ClaimPods(rs, LabelSelectors.From(rs.Spec!.Selector), [Pod("orphan", ownerUid: null)]);
        Assert.Empty(claim.Adopt);
    }

    [Theory]
    [InlineData(3, 0, 3)]
    [InlineData(3, 5, -2)]
    [InlineData(3, 3, 0)]
    [InlineData(2000, 0, 500)]
    [InlineData(0, 2000, -500)]
    public void Diff_is_what_is_missing_or_extra_at_most_the_burst(int replicas, int active, int diff) =>
        Assert.Equal(diff, ReplicaSetRules.Diff(ReplicaSet(replicas: replicas), active));

    [Theory]
    [InlineData(1, new[] { 1 })]
    [InlineData(3, new[] { 1, 2 })]
    [InlineData(10, new[] { 1, 2, 4, 3 })]
    [InlineData(500, new[] { 1, 2, 4, 8, 16, 32, 64, 128, 245 })]
    public void Creations_go_in_slow_start_batches_doubling_from_one(int total, int[] batches) =>
        Assert.Equal(batches, ReplicaSetRules.SlowStartBatches(total));

    public static TheoryData<string, Pod, Pod> DeletedFirst => new()
    {
        { "unscheduled before scheduled", Pod("a", node: null), Pod("b") },
        { "pending before running", Pod("a", phase: "Pending"), Pod("b") },
        { "unknown before running", Pod("a", phase: "Unknown"), Pod("b") },
        { "not ready before ready", Pod("a", ready: false), Pod("b") },
        { "doubled up before alone", Pod("a", node: "crowded"), Pod("b", node: "alone") },
        { "ready for less time first", Pod("a", readySince: Now.AddSeconds(-10)), Pod("b", readySince: Now.AddHours(-2)) },
        { "more restarts first", Pod("a", restarts: 5), Pod("b") },
        { "newer first", Pod("a", created: Now.AddSeconds(-5)), Pod("b", created: Now.AddDays(-1)) },
    };

    [Theory]
    [MemberData(nameof(DeletedFirst))]
    public void Scale_down_deletes_in_upstreams_order(string _, Pod first, Pod second)
    {
        var related = new[] { first, second, Pod("sibling", node: "crowded") };
        Assert.Equal([first.Metadata!.Name!], Names(ReplicaSetRules.PodsToDelete([second, first], 1, related, Now)));
        Assert.Equal([first.Metadata!.Name!], Names(ReplicaSetRules.PodsToDelete([first, second], 1, related, Now)));
    }

    [Fact]
    public void A_lower_pod_deletion_cost_goes_first()
    {
        var cheap = Pod("cheap") with { Metadata = Pod("cheap").Metadata! with { Annotations = new Dictionary<string, string> { [PodDeletionOrder.DeletionCostAnnotation] = "-10" } } };
        Assert.Equal(["cheap"], Names(ReplicaSetRules.PodsToDelete([Pod("plain", restarts: 9), cheap], 1, [], Now)));
    }

    [Fact]
    public void Status_counts_replicas_labels_readiness_and_availability_after_min_ready_seconds()
    {
        var rs = ReplicaSet(minReadySeconds: 60);
        var pods = new[]
        {
            Pod("available", readySince: Now.AddMinutes(-5)),
            Pod("just-ready", readySince: Now.AddSeconds(-10)),
            Pod("not-ready", ready: false),
            Pod("partly-labelled", ready: false, labels: new() { ["app"] = "web" }),
        };
        var status = ReplicaSetRules.Status(rs, pods, Now, failure: null);
        Assert.Equal((4, 3, 2, 1, 2L), (status.Replicas, status.FullyLabeledReplicas, status.ReadyReplicas, status.AvailableReplicas, status.ObservedGeneration));
        Assert.Null(status.Conditions);
        Assert.Equal(TimeSpan.FromSeconds(50), ReplicaSetRules.NextAvailability(rs, pods, Now));
    }

    [Fact]
    public void A_failed_creation_sets_replica_failure_until_the_replica_set_is_whole()
    {
        var rs = ReplicaSet(replicas: 2);
        var failed = ReplicaSetRules.Status(rs, [Pod("a")], Now, new ManageFailure("FailedCreate", "quota exceeded"));
        var condition = Assert.Single(failed.Conditions!);
        Assert.Equal(("ReplicaFailure", "True", "FailedCreate", "quota exceeded"), (condition.Type, condition.Status, condition.Reason, condition.Message));

        var stillShort = ReplicaSetRules.Status(rs with { Status = failed }, [Pod("a")], Now.AddSeconds(5), failure: null);
        Assert.Equal(failed.Conditions, stillShort.Conditions);
        var whole = ReplicaSetRules.Status(rs with { Status = failed }, [Pod("a"), Pod("b")], Now.AddSeconds(5), failure: null);
        Assert.Null(whole.Conditions);
    }

    [Fact]
    public void A_new_pod_comes_from_the_template_controlled_by_its_replica_set()
    {
        var pod = ReplicaSetRules.NewPod(ReplicaSet());
        Assert.Equal("web-", pod.Metadata!.GenerateName);
        Assert.Equal("ns", pod.Metadata.Namespace);
        Assert.Equal("front", pod.Metadata.Labels!["tier"]);
        var owner = Assert.Single(pod.Metadata.OwnerReferences!);
        Assert.Equal(("ReplicaSet", "web", "rs-uid", true, true), (owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));
        Assert.Equal("busybox", pod.Spec!.Containers![0].Image);
    }
}
