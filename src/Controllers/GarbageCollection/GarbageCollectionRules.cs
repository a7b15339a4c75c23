using Cluster.Api.Meta.V1;

namespace Cluster.Controllers.GarbageCollection;

/// <summary>The garbage collector's decisions, as pure functions (upstream's attemptToDeleteItem and classifyReferences).</summary>
public static class GarbageCollectionRules
{
    public const string ForegroundFinalizer = "foregroundDeletion";
    public const string OrphanFinalizer = "orphan";

    /// <summary>
    /// The state of an owner given what a lookup found under the reference's name (null: nothing): another uid is as
    /// good as nothing, and an owner being deleted in the foreground waits for its dependents.
    /// </summary>
    public static OwnerState Classify(OwnerReference reference, ObjectMeta? found) =>
        found is null || found.Uid != reference.Uid ? OwnerState.Dangling
        : IsWaitingForDependents(found) ? OwnerState.WaitingForDependents
        : OwnerState.Solid;

    public static bool IsWaitingForDependents(ObjectMeta? meta) =>
        meta?.DeletionTimestamp is not null && meta.Finalizers?.Contains(ForegroundFinalizer) == true;

    public static bool IsOrphaning(ObjectMeta? meta) =>
        meta?.DeletionTimestamp is not null && meta.Finalizers?.Contains(OrphanFinalizer) == true;

    /// <summary>
    /// Whether an added or updated object is work for the collector, as upstream's graph builder decides: an object
    /// new to the graph with owners, one whose owner references changed, or one waiting for its dependents or
    /// orphaning them. An update that leaves the owner references as they were (a lease renewal, a status write, a
    /// resync) is none: whether its owners still exist is the owners' events' business.
    /// </summary>
    public static bool NeedsAttention(ObjectMeta meta, ObjectMeta? old) =>
        IsWaitingForDependents(meta) || IsOrphaning(meta)
        || (meta.OwnerReferences is { Count: > 0 } owners && (old is null || !owners.SequenceEqual(old.OwnerReferences ?? [])));

    /// <summary>True when <paramref name="dependent"/> holds up the foreground deletion of <paramref name="ownerUid"/>.</summary>
    public static bool Blocks(ObjectMeta? dependent, string ownerUid) =>
        dependent?.OwnerReferences?.Any(r => r.Uid == ownerUid && r.BlockOwnerDeletion == true) == true;

    /// <summary>
    /// The namespace an owner of a dependent in <paramref name="dependentNamespace"/> is looked up in: a cluster-scoped
    /// owner has none, a namespaced owner must share the dependent's namespace, and null means the reference is invalid
    /// (a cluster-scoped dependent cannot have a namespaced owner).
    /// </summary>
    public static string? OwnerNamespace(bool ownerNamespaced, string? dependentNamespace) =>
        !ownerNamespaced ? "" : string.IsNullOrEmpty(dependentNamespace) ? null : dependentNamespace;

    /// <summary>
    /// A dependent with a solid owner lives, losing its references to owners that are gone or waiting for their
    /// dependents; one whose owners are all gone or waiting is deleted: in the foreground when an owner waits and it
    /// owns objects itself, otherwise as its own finalizers ask (Orphan, Foreground) or in the background. Nothing is
    /// decided while an owner's kind is unknown, and a reference that can never resolve keeps the dependent.
    /// </summary>
    public static DependentAction Decide(DependentFacts facts)
    {
        if (facts.Owners.Count == 0 || facts.BeingDeleted) return new DependentAction.Keep();
        if (facts.Owners.FirstOrDefault(o => o.State == OwnerState.InvalidScope) is { Reference: { } invalid })
            return new DependentAction.ReportInvalid(invalid.Uid ?? "");
        if (facts.Owners.Any(o => o.State == OwnerState.Unresolvable)) return new DependentAction.RetryLater();

        var goneOrWaiting = facts.Owners.Where(o => o.State is OwnerState.Dangling or OwnerState.WaitingForDependents).Select(o => o.Reference.Uid ?? "").ToList();
        if (facts.Owners.Any(o => o.State == OwnerState.Solid))
            return goneOrWaiting.Count == 0 ? new DependentAction.Keep() : new DependentAction.RemoveReferences(goneOrWaiting);

        if (facts.Owners.Any(o => o.State == OwnerState.WaitingForDependents) && facts.HasDependents)
            return new DependentAction.Delete("Foreground", UnblockFirst: facts.HasDependentWaitingForItsDependents);
        if (facts.Finalizers.Contains(OrphanFinalizer)) return new DependentAction.Delete("Orphan");
        if (facts.Finalizers.Contains(ForegroundFinalizer)) return new DependentAction.Delete("Foreground");
        return new DependentAction.Delete("Background");
    }
}
