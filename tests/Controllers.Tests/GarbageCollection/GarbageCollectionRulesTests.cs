using Cluster.Api.Meta.V1;
using Cluster.Controllers.GarbageCollection;

namespace Cluster.Controllers.Tests.GarbageCollection;

public sealed class GarbageCollectionRulesTests
{
    private static (OwnerReference, OwnerState) Owner(string uid, OwnerState state, bool block = false) =>
        (new OwnerReference { Uid = uid, Name = uid, Kind = "ConfigMap", ApiVersion = "v1", BlockOwnerDeletion = block }, state);

    /// <summary>One dependent's situation and the action upstream's attemptToDeleteItem takes.</summary>
    public sealed record Case(string Name, (OwnerReference, OwnerState)[] Owners, string Expected, string[]? Finalizers = null, bool BeingDeleted = false,
        bool HasDependents = false, bool HasDependentWaiting = false)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Case> Cases => new()
    {
        new("no owners: nothing to decide", [], "Keep"),
        new("a solid owner keeps it", [Owner("a", OwnerState.Solid)], "Keep"),
        new("all owners gone", [Owner("a", OwnerState.Dangling), Owner("b", OwnerState.Dangling)], "Delete Background"),
        new("one of two owners gone: only its reference goes", [Owner("a", OwnerState.Solid), Owner("b", OwnerState.Dangling)], "Remove b"),
        new("a solid owner and one waiting for its dependents: the waiting one's reference goes", [Owner("a", OwnerState.Solid), Owner("b", OwnerState.WaitingForDependents, block: true)], "Remove b"),
        new("solid, gone and waiting owners", [Owner("a", OwnerState.Solid), Owner("b", OwnerState.Dangling), Owner("c", OwnerState.WaitingForDependents)], "Remove b,c"),
        new("owner waiting, dependent owns others: foreground too", [Owner("a", OwnerState.WaitingForDependents, block: true)], "Delete Foreground", HasDependents: true),
        new("owner waiting, and so is one of the dependent's own dependents: unblock first", [Owner("a", OwnerState.WaitingForDependents, block: true)], "Delete Foreground unblock", HasDependents: true, HasDependentWaiting: true),
        new("owner waiting, leaf dependent", [Owner("a", OwnerState.WaitingForDependents, block: true)], "Delete Background"),
        new("owners waiting or gone, leaf dependent", [Owner("a", OwnerState.WaitingForDependents), Owner("b", OwnerState.Dangling)], "Delete Background"),
        new("gone owner, dependent asks to orphan its own", [Owner("a", OwnerState.Dangling)], "Delete Orphan", Finalizers: ["orphan"]),
        new("gone owner, dependent asks for foreground", [Owner("a", OwnerState.Dangling)], "Delete Foreground", Finalizers: ["foregroundDeletion"]),
        new("gone owner, a foreign finalizer changes nothing", [Owner("a", OwnerState.Dangling)], "Delete Background", Finalizers: ["example.dev/hold"]),
        new("already being deleted: wait for it to go", [Owner("a", OwnerState.Dangling)], "Keep", BeingDeleted: true),
        new("an owner of an unknown kind: decide later", [Owner("a", OwnerState.Dangling), Owner("b", OwnerState.Unresolvable)], "RetryLater"),
        new("an unknown kind even beside a solid owner: decide later", [Owner("a", OwnerState.Solid), Owner("b", OwnerState.Unresolvable)], "RetryLater"),
        new("a cluster-scoped dependent naming a namespaced owner is left alone", [Owner("a", OwnerState.InvalidScope)], "Invalid a"),
        new("an invalid reference beside gone owners still keeps it", [Owner("a", OwnerState.Dangling), Owner("b", OwnerState.InvalidScope)], "Invalid b"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_dependent_lives_while_an_owner_does_and_otherwise_goes_as_upstream_decides(Case c)
    {
        var facts = new DependentFacts(c.Owners, c.Finalizers ?? [], c.BeingDeleted, c.HasDependents, c.HasDependentWaiting);
        var text = GarbageCollectionRules.Decide(facts) switch
        {
            DependentAction.Keep => "Keep",
            DependentAction.RetryLater => "RetryLater",
            DependentAction.ReportInvalid i => $"Invalid {i.OwnerUid}",
            DependentAction.Delete d => $"Delete {d.Propagation}" + (d.UnblockFirst ? " unblock" : ""),
            DependentAction.RemoveReferences r => $"Remove {string.Join(",", r.OwnerUids)}",
            _ => "?",
        };
        Assert.Equal(c.Expected, text);
    }

    public static TheoryData<string, ObjectMeta?, OwnerState> Lookups => new()
    {
        { "nothing under the name", null, OwnerState.Dangling },
        { "another object took the name", new ObjectMeta { Uid = "other" }, OwnerState.Dangling },
        { "the owner", new ObjectMeta { Uid = "a" }, OwnerState.Solid },
        { "the owner, deleted in the background (it still exists)", new ObjectMeta { Uid = "a", DeletionTimestamp = Objects.Now, Finalizers = ["example.dev/hold"] }, OwnerState.Solid },
        { "the owner, orphaning its dependents", new ObjectMeta { Uid = "a", DeletionTimestamp = Objects.Now, Finalizers = ["orphan"] }, OwnerState.Solid },
        { "the owner, deleted in the foreground", new ObjectMeta { Uid = "a", DeletionTimestamp = Objects.Now, Finalizers = ["foregroundDeletion"] }, OwnerState.WaitingForDependents },
        { "a foreground finalizer without a deletion is not a deletion", new ObjectMeta { Uid = "a", Finalizers = ["foregroundDeletion"] }, OwnerState.Solid },
    };

    [Theory]
    [MemberData(nameof(Lookups))]
    public void An_owner_is_classified_by_uid_and_deletion_state(string _, ObjectMeta? found, OwnerState expected) =>
        Assert.Equal(expected, GarbageCollectionRules.Classify(new OwnerReference { Uid = "a", Name = "owner" }, found));

    [Theory]
    [InlineData(false, "ns", "")] // a cluster-scoped owner of a namespaced dependent
    [InlineData(false, "", "")] // a cluster-scoped owner of a cluster-scoped dependent
    [InlineData(true, "ns", "ns")] // a namespaced owner lives in its dependent's namespace, never another
    [InlineData(true, "", null)] // a cluster-scoped dependent cannot have a namespaced owner
    [InlineData(true, null, null)]
    public void A_namespaced_owner_is_looked_up_only_in_its_dependents_namespace(bool ownerNamespaced, string? dependentNamespace, string? expected) =>
        Assert.Equal(expected, GarbageCollectionRules.OwnerNamespace(ownerNamespaced, dependentNamespace));

    [Theory]
    [InlineData("a", true, true)]
    [InlineData("a", false, false)]
    [InlineData("a", null, false)]
    [InlineData("b", true, false)]
    public void Only_a_blockOwnerDeletion_reference_to_the_owner_blocks_it(string referenceUid, bool? block, bool blocks)
    {
        var dependent = new ObjectMeta { OwnerReferences = [new OwnerReference { Uid = referenceUid, BlockOwnerDeletion = block }] };
        Assert.Equal(blocks, GarbageCollectionRules.Blocks(dependent, "a"));
    }

    private static ObjectMeta Meta(string[]? owners = null, string[]? finalizers = null, bool deleting = false, bool block = false) => new()
    {
        Name = "x",
        OwnerReferences = owners?.Select(uid => new OwnerReference { Uid = uid, Name = uid, Kind = "ConfigMap", ApiVersion = "v1", BlockOwnerDeletion = block }).ToList(),
        Finalizers = finalizers,
        DeletionTimestamp = deleting ? DateTimeOffset.UnixEpoch : null,
    };

    public static TheoryData<string, ObjectMeta, ObjectMeta?, bool> AttentionCases => new()
    {
        { "new with an owner", Meta(["a"]), null, true },
        { "new without owners", Meta(), null, false },
        { "updated, owners as they were (a renewal, a status write, a resync)", Meta(["a"]), Meta(["a"]), false },
        { "updated without owners", Meta(), Meta(), false },
        { "an owner added", Meta(["a", "b"]), Meta(["a"]), true },
        { "an owner swapped", Meta(["b"]), Meta(["a"]), true },
        { "blockOwnerDeletion changed", Meta(["a"], block: true), Meta(["a"]), true },
        { "the last owner removed", Meta(), Meta(["a"]), false },
        { "waiting for its dependents", Meta(finalizers: ["foregroundDeletion"], deleting: true), Meta(finalizers: ["foregroundDeletion"], deleting: true), true },
        { "orphaning its dependents", Meta(finalizers: ["orphan"], deleting: true), Meta(), true },
    };

    [Theory]
    [MemberData(nameof(AttentionCases))]
    public void Only_new_owned_objects_changed_owner_references_and_pending_deletions_are_work(string name, ObjectMeta meta, ObjectMeta? old, bool expected) =>
        Assert.True(expected == GarbageCollectionRules.NeedsAttention(meta, old), name);
}
