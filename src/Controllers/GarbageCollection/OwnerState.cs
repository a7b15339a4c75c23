using Cluster.Api.Meta.V1;

namespace Cluster.Controllers.GarbageCollection;

/// <summary>What became of an object's owner.</summary>
public enum OwnerState
{
    /// <summary>It exists (same uid) and is not waiting for its dependents.</summary>
    Solid,

    /// <summary>It is gone, or another object now has its name (a different uid).</summary>
    Dangling,

    /// <summary>It is being deleted in the foreground: its dependents must go first.</summary>
    WaitingForDependents,
}

/// <summary>What the garbage collector does with a dependent, given its owners (upstream's attemptToDeleteItem).</summary>
public abstract record DependentAction
{
    public sealed record Keep : DependentAction;

    /// <summary>Remove the references to these owners (gone), and stop blocking those waiting for their dependents.</summary>
    public sealed record Unlink(IReadOnlyList<string> DanglingUids, IReadOnlyList<string> UnblockUids) : DependentAction;

    /// <summary>Delete the dependent with this propagation policy.</summary>
    public sealed record Delete(string Propagation) : DependentAction;
}

public static class GarbageCollectionRules
{
    public const string ForegroundFinalizer = "foregroundDeletion";
    public const string OrphanFinalizer = "orphan";

    /// <summary>
    /// A dependent with a solid owner lives (dangling references are removed, references to owners waiting for their
    /// dependents stop blocking them); one whose owners are all gone or going is deleted: in the foreground when an
    /// owner waits for it and it has dependents of its own, otherwise as its own finalizers ask (Orphan, Foreground)
    /// or in the background.
    /// </summary>
    public static DependentAction Decide(IReadOnlyList<(OwnerReference Reference, OwnerState State)> owners, IReadOnlyList<string>? finalizers, bool hasDependents)
    {
        if (owners.Count == 0) return new DependentAction.Keep();
        var dangling = owners.Where(o => o.State == OwnerState.Dangling).Select(o => o.Reference.Uid ?? "").ToList();
        var waiting = owners.Where(o => o.State == OwnerState.WaitingForDependents).ToList();
        if (owners.Any(o => o.State == OwnerState.Solid))
        {
            var unblock = waiting.Where(o => o.Reference.BlockOwnerDeletion == true).Select(o => o.Reference.Uid ?? "").ToList();
            return dangling.Count == 0 && unblock.Count == 0 ? new DependentAction.Keep() : new DependentAction.Unlink(dangling, unblock);
        }
        if (waiting.Count > 0 && hasDependents) return new DependentAction.Delete("Foreground");
        if (finalizers?.Contains(OrphanFinalizer) == true) return new DependentAction.Delete("Orphan");
        if (finalizers?.Contains(ForegroundFinalizer) == true) return new DependentAction.Delete("Foreground");
        return new DependentAction.Delete("Background");
    }
}
